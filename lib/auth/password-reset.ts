import { createHash } from "node:crypto";
import { z } from "zod";
import { generateToken, hashToken, TOKEN_PATTERN } from "../tokens";
import type { Organizer, OrganizerRepository } from "../data/organizers";
import { systemClock, type Clock } from "../time";
import type { AppStore } from "../storage/types";

/**
 * Password reset tokens: 256 random bits in the link, only their SHA-256 in the store (a copy of the store
 * yields no usable link), valid 30 minutes, and single use: redeeming takes the record out of the store in one
 * atomic step, so of two concurrent redemptions exactly one wins.
 *
 * Each token also remembers a fingerprint of the password hash it was issued for: once the password changes
 * (by this token, another one, or the account page) every other outstanding token is dead.
 */

export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;
export const RESET_TOKEN_PATTERN = TOKEN_PATTERN;

const resetRecordSchema = z.object({
  organizerId: z.string().min(1).max(64),
  createdAt: z.number(),
  expiresAt: z.number(),
  passwordFingerprint: z.string().min(1),
});
export type ResetRecord = z.infer<typeof resetRecordSchema>;

export const hashResetToken = hashToken;
export const resetKey = (tokenHash: string) => `password-resets:${tokenHash}`;

export function passwordFingerprint(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("hex").slice(0, 16);
}

export type PasswordResets = ReturnType<typeof createPasswordResets>;

export function createPasswordResets(options: { store: AppStore; organizers: OrganizerRepository; clock?: Clock }) {
  const { store, organizers } = options;
  const clock = options.clock ?? systemClock;

  async function check(raw: unknown): Promise<{ organizer: Organizer; record: ResetRecord } | null> {
    const parsed = resetRecordSchema.safeParse(raw);
    if (!parsed.success || clock.now() >= parsed.data.expiresAt) return null;
    const organizer = await organizers.findById(parsed.data.organizerId);
    if (!organizer || passwordFingerprint(organizer.passwordHash) !== parsed.data.passwordFingerprint) return null;
    return { organizer, record: parsed.data };
  }

  return {
    /** A new token for this organizer; the caller mails the link and forgets the token. */
    async issue(organizer: Organizer): Promise<{ token: string; expiresAt: number }> {
      const token = generateToken();
      const now = clock.now();
      const record: ResetRecord = {
        organizerId: organizer.id,
        createdAt: now,
        expiresAt: now + RESET_TOKEN_TTL_MS,
        passwordFingerprint: passwordFingerprint(organizer.passwordHash),
      };
      await store.set(resetKey(hashResetToken(token)), record, { ttlSeconds: RESET_TOKEN_TTL_MS / 1000 });
      return { token, expiresAt: record.expiresAt };
    },

    /** Whether a link still works, without using it up (the page that shows the new-password form). */
    async peek(token: string): Promise<Organizer | null> {
      if (!RESET_TOKEN_PATTERN.test(token)) return null;
      return (await check(await store.get(resetKey(hashResetToken(token)))))?.organizer ?? null;
    },

    /**
     * Uses a token up and sets the new password (already hashed), only if the password is still the one the
     * token was issued for. Returns the organizer, or null for an unknown, used, expired or outdated token.
     */
    async redeem(token: string, newPasswordHash: string): Promise<Organizer | null> {
      if (!RESET_TOKEN_PATTERN.test(token)) return null;
      const checked = await check(await store.take(resetKey(hashResetToken(token))));
      if (!checked) return null;
      return organizers.setPasswordHash(checked.organizer.id, newPasswordHash, {
        expectedHash: checked.organizer.passwordHash,
      });
    },

    /** Removes expired reset records; fs and memory stores have no TTLs of their own. */
    async pruneExpired(): Promise<number> {
      let removed = 0;
      for (const key of await store.listKeys("password-resets")) {
        const parsed = resetRecordSchema.safeParse(await store.get(key));
        if (!parsed.success || parsed.data.expiresAt <= clock.now()) {
          await store.remove(key);
          removed += 1;
        }
      }
      return removed;
    },
  };
}
