import { z } from "zod";
import { generateToken, hashToken, TOKEN_PATTERN } from "../tokens";
import { defineRecord } from "./collection";
import { idSchema, timestampSchema, versionSchema } from "./records";

/**
 * Co-host invitations: the owner asks someone, by email, to run the event with them. The mailed link's token is
 * 256 random bits; the store keeps its SHA-256 (the lookup key) and, while the invitation is pending, a copy
 * sealed with the link vault so the mail queue can put the link in the mail (the same scheme as RSVP links).
 * Accepting or revoking drops the sealed copy and the token pointer: the link is single use.
 */

/** How long a co-host link stays valid. */
export const COHOST_INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

export const COHOST_TOKEN_PATTERN = TOKEN_PATTERN;

export const cohostInviteSchema = z.object({
  id: idSchema,
  eventId: idSchema,
  /** Lower case: acceptance compares it with the organizer's address, case-insensitively. */
  email: z.string().min(3).max(254),
  invitedBy: idSchema,
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The token sealed for the mail (null once accepted or revoked: nothing left that could rebuild the link). */
  sealedToken: z.string().min(1).max(1000).nullable(),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  acceptedAt: timestampSchema.nullable(),
  acceptedBy: idSchema.nullable(),
  revokedAt: timestampSchema.nullable(),
  version: versionSchema,
});

export type CohostInvite = z.infer<typeof cohostInviteSchema>;

export type CohostInviteState = "pending" | "accepted" | "revoked" | "expired";

export function cohostInviteState(invite: CohostInvite, now = Date.now()): CohostInviteState {
  if (invite.acceptedAt !== null) return "accepted";
  if (invite.revokedAt !== null) return "revoked";
  return invite.expiresAt <= now ? "expired" : "pending";
}

/** A link that can still be used to accept: not accepted, not revoked (expiry is checked on use). */
const isOpen = (invite: CohostInvite) => invite.acceptedAt === null && invite.revokedAt === null;

/**
 * `cohost-invites:<id>`, listed in `event-cohost-invites:<event>`; unique while open:
 * `cohost-invite-tokens:<sha256>` (an accepted or revoked invitation has none).
 */
export const COHOST_INVITES = defineRecord<CohostInvite>({
  namespace: "cohost-invites",
  label: "co-host invitation",
  schema: cohostInviteSchema,
  id: (i) => i.id,
  owners: (i) => [i.invitedBy],
  indexes: [{ set: "event-cohost-invites", owners: (i) => [i.eventId] }],
  unique: [{ namespace: "cohost-invite-tokens", field: "inviteId", value: (i) => (isOpen(i) ? i.tokenHash : null) }],
  parents: (i) => [`events:${i.eventId}`],
});

export const hashCohostToken = hashToken;

export function issueCohostToken(): { token: string; tokenHash: string } {
  const token = generateToken();
  return { token, tokenHash: hashToken(token) };
}

/** What the owner types: one address, compared case-insensitively. */
export const cohostInviteInputSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, { error: "Keep the address under 254 characters" })
    .pipe(z.email({ error: "Enter an email address, like jane@example.com" }))
    .transform((email) => email.toLowerCase()),
});
