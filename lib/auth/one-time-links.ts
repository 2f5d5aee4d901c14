import { z } from "zod";
import { generateToken, hashToken, TOKEN_PATTERN } from "../tokens";
import { systemClock, type Clock } from "../session/clock";
import type { AppStore } from "../storage/types";

/**
 * One-time links mailed to an address (email verification, sign-in links): 256 random bits in the link, only
 * their SHA-256 in the store under `<namespace>:<hash>`, so a copy of the store yields no usable link. A link
 * is used up by taking its record out of the store in one atomic step (`take`: GETDEL on Redis, a rename on
 * fs), so of two concurrent uses exactly one gets the record.
 *
 * Records are kept an hour past their expiry (Redis TTL; the fs sweep removes them later) so that a late click
 * can be told "expired" rather than "already used". A record is never valid after `expiresAt`, whatever the
 * store still holds.
 */

const baseRecordSchema = z.object({
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
});

const KEEP_AFTER_EXPIRY_MS = 60 * 60 * 1000;

export type LinkCheck<T> =
  | { ok: true; record: T & { createdAt: number; expiresAt: number } }
  | { ok: false; reason: "invalid" | "used" | "expired" };

export type OneTimeLinks<T extends object> = ReturnType<typeof createOneTimeLinks<T>>;

export function createOneTimeLinks<T extends object>(options: {
  store: AppStore;
  /** Store namespace of the records, e.g. "sign-in-links". */
  namespace: string;
  ttlMs: number;
  /** What the record carries besides its times (validated on every read: a bad record is "invalid"). */
  payload: z.ZodType<T>;
  clock?: Clock;
}) {
  const { store, namespace, ttlMs } = options;
  const clock = options.clock ?? systemClock;
  const schema = baseRecordSchema.and(options.payload);
  const keyOf = (token: string) => `${namespace}:${hashToken(token)}`;

  function judge(raw: unknown): LinkCheck<T> {
    if (raw === null || raw === undefined) return { ok: false, reason: "used" };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: "invalid" };
    const record = parsed.data as T & { createdAt: number; expiresAt: number };
    if (clock.now() >= record.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, record };
  }

  return {
    ttlMs,

    /** A new link's token (mail it, never store or log it) and when it stops working. */
    async issue(payload: T): Promise<{ token: string; expiresAt: number }> {
      const token = generateToken();
      const now = clock.now();
      const record = { ...payload, createdAt: now, expiresAt: now + ttlMs };
      await store.set(keyOf(token), record, { ttlSeconds: Math.ceil((ttlMs + KEEP_AFTER_EXPIRY_MS) / 1000) });
      return { token, expiresAt: record.expiresAt };
    },

    /** What a link holds, without using it up ("used" also for a token that never existed). */
    async peek(token: string): Promise<LinkCheck<T>> {
      if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "invalid" };
      return judge(await store.get(keyOf(token)));
    },

    /** Uses a link up: the one caller that gets `ok` is the only one that ever will. */
    async redeem(token: string): Promise<LinkCheck<T>> {
      if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "invalid" };
      return judge(await store.take(keyOf(token)));
    },

    /** Removes records past their keeping time; fs and memory stores have no TTLs of their own. */
    async pruneExpired(): Promise<number> {
      let removed = 0;
      for (const key of await store.listKeys(namespace)) {
        const parsed = baseRecordSchema.safeParse(await store.get(key));
        if (!parsed.success || parsed.data.expiresAt + KEEP_AFTER_EXPIRY_MS <= clock.now()) {
          await store.remove(key);
          removed += 1;
        }
      }
      return removed;
    },
  };
}
