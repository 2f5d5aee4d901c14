import { generateToken, hashToken, TOKEN_PATTERN } from "../tokens";
import { z } from "zod";
import { defineRecord } from "./collection";
import { guestListOf, type Household } from "./households";
import { emailHash } from "./organizers";
import { guestListSchema, MAX_PLUS_ONES, type GuestList } from "./people";
import { idSchema, newId, timestampSchema, versionSchema } from "./records";

/**
 * Invitations and their RSVP links. The link's token is 256 random bits; the store keeps only its SHA-256
 * (the lookup key) and a sealed copy the organizer's page can open to show the link again (see LinkVault).
 * Someone who reads the store alone can neither open an RSVP page nor recompute a link.
 */

export const RSVP_TOKEN_PATTERN = TOKEN_PATTERN;

/** Seals and opens RSVP tokens for display to their organizer. */
export interface LinkVault {
  seal(token: string): string;
  /** The token, or null when it cannot be opened (for example after its secret was rotated out). */
  open(sealed: string): string | null;
}

export const invitationSchema = z.object({
  id: idSchema,
  /**
   * Whose address book the household came from: the owner's, or the co-host who invited it (before co-hosts,
   * always the owner). Access to the invitation is decided by its event's roles, never by this field.
   */
  organizerId: idSchema,
  eventId: idSchema,
  /** The address-book household this invitation was made from. */
  householdId: idSchema,
  /**
   * Set when the organizer whose address book it came from stopped hosting the event (removed, or left):
   * the invitation keeps its copy of the household (`guests`), answers and link, but no longer follows that
   * address book (out of `household-invitations`, not its child), so their later edits or deletions cannot
   * reach the event, and nothing on the guest list breaks. Absent on older invitations.
   */
  detachedAt: timestampSchema.nullable().default(null),
  /** The event's own copy of that household (see GuestList). */
  guests: guestListSchema,
  /**
   * How many extra guests ("plus-ones") the household may name on its RSVP page. Absent in invitations stored
   * before plus-ones existed: none.
   */
  plusOnesAllowed: z.number().int().min(0).max(MAX_PLUS_ONES).default(0),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  sealedToken: z.string().min(1).max(1000),
  createdAt: timestampSchema,
  /** When the current link was made (creation or the last regeneration). */
  linkCreatedAt: timestampSchema,
  revokedAt: timestampSchema.nullable(),
  version: versionSchema,
});

export type Invitation = z.infer<typeof invitationSchema>;

/** The organizer's "extra guests allowed" field (inviting, and per household on the guest list). */
export const plusOnesAllowedInputSchema = z
  .string()
  .trim()
  .transform((v) => (v === "" ? "0" : v))
  .pipe(
    z
      .string()
      .regex(/^\d{1,3}$/, { error: `Enter a whole number from 0 to ${MAX_PLUS_ONES}` })
      .transform(Number)
      .pipe(z.number().max(MAX_PLUS_ONES, { error: `At most ${MAX_PLUS_ONES} extra guests per household` })),
  );

export const pairValue = (eventId: string, householdId: string) => `${eventId}.${householdId}`;

/**
 * The addresses a live invitation reaches, as `email-invitations` owners: the SHA-256 of each person's email in
 * the invitation's copy of the household (lower-cased, each once). A revoked invitation reaches nobody.
 */
export function invitedEmailKeys(invitation: { guests: GuestList; revokedAt: number | null }): string[] {
  if (invitation.revokedAt !== null) return [];
  const emails = invitation.guests.people.flatMap((p) => (p.email ? [p.email] : []));
  return [...new Set(emails.map(emailHash))];
}

/**
 * `invitations:<id>`, listed in `event-invitations:<event>`, `household-invitations:<household>` and
 * `email-invitations:<sha256 of an address>` (for "events I'm invited to": an organizer whose verified address
 * is one of the household's finds the invitation in one index read). The email index is derived from the
 * invitation's own guest list, so every commit that changes the copy (an address-book edit, an invitation, a
 * revocation) moves its entries too, and `npm run data -- check` verifies them like any other index. Unique:
 * one per event and household (`invitation-pairs:<event>.<household>`), and one per live link
 * (`invitation-tokens:<sha256>`; a revoked invitation has none).
 */
export const INVITATIONS = defineRecord<Invitation>({
  namespace: "invitations",
  label: "invitation",
  schema: invitationSchema,
  id: (i) => i.id,
  owners: (i) => [i.organizerId],
  indexes: [
    { set: "event-invitations", owners: (i) => [i.eventId] },
    { set: "household-invitations", owners: (i) => (i.detachedAt === null ? [i.householdId] : []) },
    { set: "email-invitations", owners: invitedEmailKeys },
  ],
  unique: [
    { namespace: "invitation-pairs", field: "invitationId", value: (i) => pairValue(i.eventId, i.householdId) },
    {
      namespace: "invitation-tokens",
      field: "invitationId",
      value: (i) => (i.revokedAt === null ? i.tokenHash : null),
    },
  ],
  parents: (i) =>
    i.detachedAt === null ? [`events:${i.eventId}`, `households:${i.householdId}`] : [`events:${i.eventId}`],
});

export const hashRsvpToken = hashToken;

export const newRsvpToken = generateToken;

/** A fresh link: the token (shown once, to seal) and what the store keeps of it. */
export function issueRsvpToken(vault: LinkVault): { token: string; tokenHash: string; sealedToken: string } {
  const token = newRsvpToken();
  return { token, tokenHash: hashRsvpToken(token), sealedToken: vault.seal(token) };
}

/**
 * A new invitation of `household` to an event, with a fresh RSVP link (hashed, and sealed for the organizer's
 * page): the one place an invitation record is built (invite, duplicate, demo data).
 */
export function newInvitation(input: {
  organizerId: string;
  eventId: string;
  household: Pick<Household, "id" | "name" | "address" | "people">;
  vault: LinkVault;
  now: number;
  /** Extra guests the household may bring (0 unless the host allows some). */
  plusOnesAllowed?: number;
}): Invitation {
  const { tokenHash, sealedToken } = issueRsvpToken(input.vault);
  return invitationSchema.parse({
    id: newId(),
    organizerId: input.organizerId,
    eventId: input.eventId,
    householdId: input.household.id,
    guests: guestListOf(input.household),
    plusOnesAllowed: input.plusOnesAllowed ?? 0,
    tokenHash,
    sealedToken,
    createdAt: input.now,
    linkCreatedAt: input.now,
    revokedAt: null,
    version: 1,
  });
}
