import { z } from "zod";

/** What the store holds per session. Times are epoch milliseconds (iron-session cannot seal Dates). */
export const sessionRecordSchema = z.object({
  v: z.literal(1),
  /** SHA-256 (hex) of the session token; also the store key. Safe to show in logs shortened. */
  id: z.string().regex(/^[a-f0-9]{64}$/),
  organizerId: z.string().min(1).max(64),
  createdAt: z.number().int().nonnegative(),
  lastSeenAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
  absoluteExpiresAt: z.number().int().nonnegative(),
  rememberMe: z.boolean(),
  userAgent: z.string().max(512),
  /** The network signed in from ("203.0.113.x"), so two sessions of the same browser can be told apart. */
  network: z.string().max(64).optional(),
});

export type SessionRecord = z.infer<typeof sessionRecordSchema>;

export function shortSessionId(id: string): string {
  return id.slice(0, 8);
}
