import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { AppStore } from "../storage/types";
import { fail, idSchema, isId, newId, ok, readRecord, readRecords, timestampSchema, type Result } from "./records";

/**
 * Invitations and their RSVP links. The link's token is 256 random bits; the store keeps only its SHA-256
 * (the lookup key) and a sealed copy the organizer's page can open to show the link again (see LinkVault).
 * Someone who reads the store alone can neither open an RSVP page nor recompute a link.
 */

export const RSVP_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

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
  householdId: idSchema,
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  sealedToken: z.string().min(1).max(1000),
  createdAt: timestampSchema,
  /** When the current link was made (creation or the last regeneration). */
  linkCreatedAt: timestampSchema,
  revokedAt: timestampSchema.nullable(),
});

export type Invitation = z.infer<typeof invitationSchema>;

const refSchema = z.object({ invitationId: idSchema });

export function hashRsvpToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newRsvpToken(): string {
  return randomBytes(32).toString("base64url");
}

const invitationKey = (id: string) => `invitations:${id}`;
const tokenKey = (hash: string) => `invitation-tokens:${hash}`;
const pairKey = (eventId: string, householdId: string) => `invitation-pairs:${eventId}:${householdId}`;
const eventIndexKey = (eventId: string) => `event-invitations:${eventId}`;
const householdIndexKey = (householdId: string) => `household-invitations:${householdId}`;

export type InvitationRepository = ReturnType<typeof createInvitationRepository>;

export function createInvitationRepository(store: AppStore, vault: LinkVault) {
  async function get(id: string): Promise<Invitation | null> {
    if (!isId(id)) return null;
    return readRecord(store, invitationKey(id), invitationSchema);
  }

  async function getOwned(organizerId: string, id: string): Promise<Invitation | null> {
    const invitation = await get(id);
    return invitation && invitation.organizerId === organizerId ? invitation : null;
  }

  async function list(indexKey: string, keep: (i: Invitation) => boolean): Promise<Invitation[]> {
    const ids = (await store.setMembers(indexKey)).filter(isId);
    const invitations = await readRecords(store, ids.map(invitationKey), invitationSchema);
    return invitations.filter(keep).sort((a, b) => a.createdAt - b.createdAt);
  }

  function issueToken(): { token: string; tokenHash: string; sealedToken: string } {
    const token = newRsvpToken();
    return { token, tokenHash: hashRsvpToken(token), sealedToken: vault.seal(token) };
  }

  return {
    get,
    getOwned,

    listForEvent(eventId: string): Promise<Invitation[]> {
      return list(eventIndexKey(eventId), (i) => i.eventId === eventId);
    },

    listForHousehold(householdId: string): Promise<Invitation[]> {
      return list(householdIndexKey(householdId), (i) => i.householdId === householdId);
    },

    /**
     * The invitation a live link opens, or null for an unknown, malformed or revoked one. The caller must
     * still check the event and household it points to.
     */
    async findByToken(token: string): Promise<Invitation | null> {
      if (typeof token !== "string" || !RSVP_TOKEN_PATTERN.test(token)) return null;
      const hash = hashRsvpToken(token);
      const ref = refSchema.safeParse(await store.get(tokenKey(hash)));
      if (!ref.success) return null;
      const invitation = await get(ref.data.invitationId);
      if (!invitation || invitation.tokenHash !== hash || invitation.revokedAt !== null) return null;
      return invitation;
    },

    /** The link's token for its organizer to copy, or null when it cannot be shown (then regenerate). */
    tokenOf(invitation: Invitation): string | null {
      const token = vault.open(invitation.sealedToken);
      return token && hashRsvpToken(token) === invitation.tokenHash ? token : null;
    },

    /**
     * Invites a household to an event (the caller has checked that the organizer owns both). One invitation
     * per pair: the pair is checked and written under its lock, so a double submit or two tabs cannot
     * create two links for one household.
     */
    async invite(
      organizerId: string,
      eventId: string,
      householdId: string,
      now = Date.now(),
    ): Promise<{ invitation: Invitation; created: boolean }> {
      const pair = pairKey(eventId, householdId);
      return store.withLock(`invitation-pair.${eventId}.${householdId}`, async () => {
        const existing = refSchema.safeParse(await store.get(pair));
        const current = existing.success ? await get(existing.data.invitationId) : null;
        if (current) return { invitation: current, created: false };
        const { tokenHash, sealedToken } = issueToken();
        const invitation = invitationSchema.parse({
          id: newId(),
          organizerId,
          eventId,
          householdId,
          tokenHash,
          sealedToken,
          createdAt: now,
          linkCreatedAt: now,
          revokedAt: null,
        });
        // The record before the pointers to it: a reader never follows a pointer to nothing.
        await store.set(invitationKey(invitation.id), invitation);
        await store.set(tokenKey(tokenHash), { invitationId: invitation.id });
        await store.set(pair, { invitationId: invitation.id });
        await store.setAdd(eventIndexKey(eventId), invitation.id);
        await store.setAdd(householdIndexKey(householdId), invitation.id);
        return { invitation, created: true };
      });
    },

    /** The link stops working at once; the household stays on the guest list. */
    async revoke(organizerId: string, id: string): Promise<Result<Invitation>> {
      if (!isId(id)) return fail("not-found");
      return store.withLock(`invitation.${id}`, async () => {
        const current = await getOwned(organizerId, id);
        if (!current) return fail("not-found");
        await store.remove(tokenKey(current.tokenHash));
        if (current.revokedAt !== null) return ok(current);
        const next = invitationSchema.parse({ ...current, revokedAt: Date.now() });
        if (!(await store.replace(invitationKey(id), next))) return fail("not-found");
        return ok(next);
      });
    },

    /** A new link replaces the old one (which stops working) and un-revokes the invitation. */
    async regenerate(organizerId: string, id: string): Promise<Result<Invitation>> {
      if (!isId(id)) return fail("not-found");
      return store.withLock(`invitation.${id}`, async () => {
        const current = await getOwned(organizerId, id);
        if (!current) return fail("not-found");
        const { tokenHash, sealedToken } = issueToken();
        const next = invitationSchema.parse({ ...current, tokenHash, sealedToken, linkCreatedAt: Date.now(), revokedAt: null });
        await store.set(tokenKey(tokenHash), { invitationId: id });
        if (!(await store.replace(invitationKey(id), next))) {
          await store.remove(tokenKey(tokenHash));
          return fail("not-found");
        }
        await store.remove(tokenKey(current.tokenHash));
        return ok(next);
      });
    },

    /** Takes the household off the event: link, pair and index entries go with it. */
    async remove(organizerId: string, id: string): Promise<Result<Invitation>> {
      if (!isId(id)) return fail("not-found");
      return store.withLock(`invitation.${id}`, async () => {
        const current = await getOwned(organizerId, id);
        if (!current) return fail("not-found");
        await store.remove(tokenKey(current.tokenHash));
        await store.setRemove(eventIndexKey(current.eventId), id);
        await store.setRemove(householdIndexKey(current.householdId), id);
        await store.remove(invitationKey(id));
        await store.remove(pairKey(current.eventId, current.householdId));
        return ok(current);
      });
    },
  };
}
