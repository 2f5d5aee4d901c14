import { generateToken, hashToken, TOKEN_PATTERN } from "../tokens";
import { z } from "zod";
import { defineRecord } from "./collection";
import { guestListOf, type Household } from "./households";
import { guestListSchema } from "./people";
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
  organizerId: idSchema,
  eventId: idSchema,
  /** The address-book household this invitation was made from. */
  householdId: idSchema,
  /** The event's own copy of that household (see GuestList). */
  guests: guestListSchema,
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  sealedToken: z.string().min(1).max(1000),
  createdAt: timestampSchema,
  /** When the current link was made (creation or the last regeneration). */
  linkCreatedAt: timestampSchema,
  revokedAt: timestampSchema.nullable(),
  version: versionSchema,
});

export type Invitation = z.infer<typeof invitationSchema>;

export const pairValue = (eventId: string, householdId: string) => `${eventId}.${householdId}`;

/**
 * `invitations:<id>`, listed in `event-invitations:<event>` and `household-invitations:<household>`. Unique:
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
    { set: "household-invitations", owners: (i) => [i.householdId] },
  ],
  unique: [
    { namespace: "invitation-pairs", field: "invitationId", value: (i) => pairValue(i.eventId, i.householdId) },
    {
      namespace: "invitation-tokens",
      field: "invitationId",
      value: (i) => (i.revokedAt === null ? i.tokenHash : null),
    },
  ],
  parents: (i) => [`events:${i.eventId}`, `households:${i.householdId}`],
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
}): Invitation {
  const { tokenHash, sealedToken } = issueRsvpToken(input.vault);
  return invitationSchema.parse({
    id: newId(),
    organizerId: input.organizerId,
    eventId: input.eventId,
    householdId: input.household.id,
    guests: guestListOf(input.household),
    tokenHash,
    sealedToken,
    createdAt: input.now,
    linkCreatedAt: input.now,
    revokedAt: null,
    version: 1,
  });
}
