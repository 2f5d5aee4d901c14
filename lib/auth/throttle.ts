import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { systemClock, type Clock } from "../session/clock";
import type { AppStore } from "../storage/types";

/**
 * Brute-force limits, kept in the shared store so they hold across every instance: a sliding window of
 * recent attempts per subject (one email, one client address), written under the store's lock so that
 * parallel requests cannot slip past the limit between a check and a write.
 *
 * An attempt is recorded BEFORE the password is checked (a reservation); a successful login takes its
 * reservation back, so successful logins are never limited and a flood of parallel guesses cannot all pass
 * the check before any of them is counted.
 */

export type ThrottleAction = "login" | "reset" | "signup";
export type ThrottleSubject = "email" | "address";

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

const WINDOW_MS = 15 * 60 * 1000;

export const THROTTLE_RULES: Record<ThrottleAction, Record<ThrottleSubject, ThrottleRule>> = {
  login: { email: { limit: 5, windowMs: WINDOW_MS }, address: { limit: 50, windowMs: WINDOW_MS } },
  reset: { email: { limit: 5, windowMs: WINDOW_MS }, address: { limit: 50, windowMs: WINDOW_MS } },
  signup: { email: { limit: 5, windowMs: WINDOW_MS }, address: { limit: 50, windowMs: WINDOW_MS } },
};

const recordSchema = z.object({
  hits: z.array(z.object({ at: z.number(), id: z.string() })).max(1000),
});
type ThrottleRecord = z.infer<typeof recordSchema>;

export interface ThrottleSubjects {
  email?: string;
  address?: string | null;
}

export type ThrottleResult =
  | { allowed: true; ticket: ThrottleTicket }
  | { allowed: false; subject: ThrottleSubject; retryAt: number; retryAfterMs: number };

export interface ThrottleTicket {
  /** Takes the reservation back: the attempt does not count (a successful login). */
  release(): Promise<void>;
}

function subjectHash(subject: ThrottleSubject, value: string): string {
  const normalized = subject === "email" ? value.trim().toLowerCase() : value;
  return createHash("sha256").update(`${subject}:${normalized}`).digest("hex").slice(0, 40);
}

export const throttleKey = (action: ThrottleAction, subject: ThrottleSubject, value: string) =>
  `throttle:${action}-${subject}-${subjectHash(subject, value)}`;

export type Throttle = ReturnType<typeof createThrottle>;

export function createThrottle(options: {
  store: AppStore;
  clock?: Clock;
  rules?: Record<ThrottleAction, Record<ThrottleSubject, ThrottleRule>>;
}) {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const rules = options.rules ?? THROTTLE_RULES;

  async function read(key: string, rule: ThrottleRule, now: number): Promise<ThrottleRecord["hits"]> {
    const parsed = recordSchema.safeParse(await store.get(key));
    if (!parsed.success) return [];
    return parsed.data.hits.filter((hit) => hit.at > now - rule.windowMs && hit.at <= now + rule.windowMs).sort((a, b) => a.at - b.at);
  }

  /** When the oldest attempt that keeps the subject at its limit leaves the window. */
  function retryAtOf(hits: ThrottleRecord["hits"], rule: ThrottleRule): number {
    return hits[hits.length - rule.limit]!.at + rule.windowMs;
  }

  async function write(key: string, hits: ThrottleRecord["hits"], rule: ThrottleRule, now: number): Promise<void> {
    if (hits.length === 0) {
      await store.remove(key);
      return;
    }
    const newest = hits[hits.length - 1]!.at;
    await store.set(key, { hits } satisfies ThrottleRecord, { ttlSeconds: Math.ceil((newest + rule.windowMs - now) / 1000) });
  }

  /** Adds one attempt unless the subject is at its limit; returns the reservation's id or the retry time. */
  async function reserve(action: ThrottleAction, subject: ThrottleSubject, value: string): Promise<{ id: string } | { retryAt: number }> {
    const rule = rules[action][subject];
    const key = throttleKey(action, subject, value);
    return store.withLock(key.replace(/:/g, "."), async () => {
      const now = clock.now();
      const hits = await read(key, rule, now);
      if (hits.length >= rule.limit) return { retryAt: retryAtOf(hits, rule) };
      const id = randomBytes(6).toString("base64url");
      hits.push({ at: now, id });
      await write(key, hits, rule, now);
      return { id };
    });
  }

  async function unreserve(action: ThrottleAction, subject: ThrottleSubject, value: string, id: string): Promise<void> {
    const rule = rules[action][subject];
    const key = throttleKey(action, subject, value);
    await store.withLock(key.replace(/:/g, "."), async () => {
      const now = clock.now();
      const hits = await read(key, rule, now);
      const kept = hits.filter((hit) => hit.id !== id);
      if (kept.length !== hits.length) await write(key, kept, rule, now);
    });
  }

  return {
    rules,

    /**
     * Counts one attempt against each given subject, or refuses it when any of them is at its limit (then
     * nothing is counted). Email first: a locked-out email does not also use up its address's allowance.
     */
    async attempt(action: ThrottleAction, subjects: ThrottleSubjects): Promise<ThrottleResult> {
      const reserved: Array<{ subject: ThrottleSubject; value: string; id: string }> = [];
      const release = async () => {
        await Promise.all(reserved.map((r) => unreserve(action, r.subject, r.value, r.id)));
        reserved.length = 0;
      };
      const pairs: Array<[ThrottleSubject, string | null | undefined]> = [
        ["email", subjects.email],
        ["address", subjects.address],
      ];
      for (const [subject, value] of pairs) {
        if (!value) continue;
        const outcome = await reserve(action, subject, value);
        if ("retryAt" in outcome) {
          await release();
          const retryAfterMs = Math.max(1000, outcome.retryAt - clock.now());
          return { allowed: false, subject, retryAt: outcome.retryAt, retryAfterMs };
        }
        reserved.push({ subject, value, id: outcome.id });
      }
      return { allowed: true, ticket: { release } };
    },

    /** How many attempts are in the window now (tests, diagnostics). */
    async count(action: ThrottleAction, subject: ThrottleSubject, value: string): Promise<number> {
      return (await read(throttleKey(action, subject, value), rules[action][subject], clock.now())).length;
    },

    /** Removes expired throttle records; the fs and memory stores have no TTLs of their own. */
    async pruneExpired(): Promise<number> {
      const now = clock.now();
      const longestWindow = Math.max(...Object.values(rules).flatMap((r) => [r.email.windowMs, r.address.windowMs]));
      let removed = 0;
      for (const key of await store.listKeys("throttle")) {
        const parsed = recordSchema.safeParse(await store.get(key));
        const newest = parsed.success ? Math.max(0, ...parsed.data.hits.map((h) => h.at)) : 0;
        if (newest + longestWindow <= now) {
          await store.remove(key);
          removed += 1;
        }
      }
      return removed;
    },
  };
}

/** "Try again in 12 minutes." — rounded up, so the person never retries too early. */
export function describeRetry(retryAfterMs: number): string {
  const seconds = Math.ceil(retryAfterMs / 1000);
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export function throttleMessage(action: ThrottleAction, result: Extract<ThrottleResult, { allowed: false }>): string {
  const what =
    action === "login" ? "failed log-in attempts" : action === "reset" ? "password reset requests" : "sign-up attempts";
  const where = result.subject === "email" ? "for this email address" : "from your network";
  return `Too many ${what} ${where}. ${describeRetry(result.retryAfterMs)}`;
}
