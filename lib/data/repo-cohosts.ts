import { transact, type UnitOfWork } from "./commit";
import {
  COHOST_INVITE_TTL_MS,
  COHOST_INVITES,
  COHOST_TOKEN_PATTERN,
  cohostInviteSchema,
  cohostInviteState,
  hashCohostToken,
  issueCohostToken,
  type CohostInvite,
} from "./cohosts";
import { readEventFamily, type PartyDb } from "./db";
import { eventRole, EVENTS, MAX_COHOSTS, type Cohost, type PartyEvent } from "./events";
import { INVITATIONS } from "./invitations";
import { normalizeEmail, ORGANIZERS } from "./organizers";
import { fail, isId, newId, ok, type Result } from "./records";
import { SUMMARIES } from "./summaries";

export type CohostRepository = ReturnType<typeof createCohostRepository>;

export type InviteFailure = "not-found" | "already-host" | "full";
export type AcceptFailure = "invalid" | "expired" | "wrong-address" | "full";

const byCreation = (a: CohostInvite, b: CohostInvite) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/**
 * The roles of an event, changed only here and only through guarded commits: every change reads the event
 * through its unit of work (guarded at the version read), so two role changes racing on one event serialize
 * and the loser is decided again on the winner's result. Ownership is one field of the event record
 * (`organizerId`), so there is exactly one owner by construction; handing it over rewrites that field and the
 * co-host list in one commit.
 */
export function createCohostRepository(db: PartyDb) {
  const { store } = db;

  /**
   * A co-host stops hosting: the invitations made from their address book keep their copy of the household
   * but stop following it (see Invitation.detachedAt). The summary is read (guarded) before the invitations'
   * index, so an invitation they add meanwhile makes this be decided again rather than stay attached.
   */
  async function planDeparture(work: UnitOfWork, eventId: string, departingId: string): Promise<PartyEvent | null> {
    const family = await readEventFamily(db, eventId);
    if (!family) return null;
    work.read(SUMMARIES, family.summary);
    for (const invitation of family.invitations) {
      if (invitation.organizerId !== departingId || invitation.detachedAt !== null) continue;
      const current = work.read(INVITATIONS, invitation);
      work.put(INVITATIONS, { ...current, detachedAt: work.now });
    }
    return work.read(EVENTS, family.event);
  }

  /** The event as read in this commit, when `organizerId` is its owner. */
  async function ownedEvent(work: UnitOfWork, ownerId: string, eventId: string): Promise<PartyEvent | null> {
    const found = await db.events.get(eventId);
    if (!found || eventRole(found, ownerId) !== "owner") return null;
    return work.read(EVENTS, found);
  }

  return {
    async listInvites(eventId: string): Promise<CohostInvite[]> {
      return (await db.cohostInvites.listBy("event-cohost-invites", eventId)).sort(byCreation);
    },

    /**
     * Stages an invitation (the caller commits it with its mail): only the owner invites; an address that
     * already hosts the event is refused.
     */
    async planInvite(
      work: UnitOfWork,
      ownerId: string,
      eventId: string,
      email: string,
    ): Promise<Result<CohostInvite, InviteFailure>> {
      if (!isId(eventId)) return fail("not-found");
      const event = await ownedEvent(work, ownerId, eventId);
      if (!event) return fail("not-found");
      const address = normalizeEmail(email);
      const hosts = await db.organizers.getMany([event.organizerId]);
      const ownerEmail = hosts.get(event.organizerId)?.email;
      if (
        (ownerEmail !== undefined && normalizeEmail(ownerEmail) === address) ||
        event.cohosts.some((c) => normalizeEmail(c.email) === address)
      )
        return fail("already-host", "That address already hosts this event");
      if (event.cohosts.length >= MAX_COHOSTS) return fail("full", `An event can have at most ${MAX_COHOSTS} co-hosts`);
      // The token is sealed for the mail; the store keeps only its hash as the lookup key.
      const issued = issueCohostToken();
      const invite = work.create(
        COHOST_INVITES,
        cohostInviteSchema.parse({
          id: newId(),
          eventId,
          email: address,
          invitedBy: ownerId,
          tokenHash: issued.tokenHash,
          sealedToken: db.vault.seal(issued.token),
          createdAt: work.now,
          expiresAt: work.now + COHOST_INVITE_TTL_MS,
          acceptedAt: null,
          acceptedBy: null,
          revokedAt: null,
          version: 1,
        }),
      );
      return ok(invite);
    },

    /** The token of a pending invitation, for its mail (null once used, revoked, or unreadable). */
    tokenOf(invite: CohostInvite): string | null {
      if (invite.sealedToken === null) return null;
      const token = db.vault.open(invite.sealedToken);
      return token && hashCohostToken(token) === invite.tokenHash ? token : null;
    },

    /** The open invitation behind a link (not accepted, not revoked; it may have expired), with its event. */
    async findByToken(token: string): Promise<{ invite: CohostInvite; event: PartyEvent } | null> {
      if (typeof token !== "string" || !COHOST_TOKEN_PATTERN.test(token)) return null;
      const invite = await db.cohostInvites.findUnique("cohost-invite-tokens", hashCohostToken(token));
      if (!invite || invite.acceptedAt !== null || invite.revokedAt !== null) return null;
      const event = await db.events.get(invite.eventId);
      return event ? { invite, event } : null;
    },

    /** The owner withdraws a pending invitation: its link stops working at once. */
    revokeInvite(ownerId: string, eventId: string, inviteId: string): Promise<Result<CohostInvite>> {
      if (!isId(eventId) || !isId(inviteId)) return Promise.resolve(fail("not-found"));
      return transact(store, { what: "revoke co-host invitation" }, async (work) => {
        const event = await ownedEvent(work, ownerId, eventId);
        const found = event ? await db.cohostInvites.get(inviteId) : null;
        if (!found || found.eventId !== eventId) return fail("not-found");
        const invite = work.read(COHOST_INVITES, found);
        if (invite.acceptedAt !== null || invite.revokedAt !== null) return ok(invite);
        return ok(work.put(COHOST_INVITES, { ...invite, revokedAt: work.now, sealedToken: null }));
      });
    },

    /**
     * Accepts with the link: the signed-in organizer's address must be the invited one (the link was mailed
     * there, so holding it proves control of that address). One commit: the organizer joins the co-hosts and
     * the invitation is used up (its token pointer goes). Someone who already hosts the event just uses it up.
     */
    accept(organizerId: string, token: string): Promise<Result<{ eventId: string }, AcceptFailure>> {
      if (typeof token !== "string" || !COHOST_TOKEN_PATTERN.test(token)) return Promise.resolve(fail("invalid"));
      return transact(store, { what: "accept co-host invitation" }, async (work) => {
        const found = await db.cohostInvites.findUnique("cohost-invite-tokens", hashCohostToken(token));
        if (!found || found.acceptedAt !== null || found.revokedAt !== null) return fail("invalid");
        if (cohostInviteState(found, work.now) === "expired") return fail("expired");
        const [eventFound, organizerFound] = await Promise.all([
          db.events.get(found.eventId),
          db.organizers.get(organizerId),
        ]);
        if (!eventFound || !organizerFound) return fail("invalid");
        const organizer = work.read(ORGANIZERS, organizerFound);
        if (normalizeEmail(organizer.email) !== found.email) return fail("wrong-address");
        const invite = work.read(COHOST_INVITES, found);
        const event = work.read(EVENTS, eventFound);
        if (eventRole(event, organizerId) === null) {
          if (event.cohosts.length >= MAX_COHOSTS) return fail("full");
          const cohost: Cohost = { organizerId, email: found.email, addedAt: work.now };
          work.put(EVENTS, { ...event, cohosts: [...event.cohosts, cohost] });
        }
        // The link was mailed to this address and the account holds it: that verifies it, as a verification
        // link would (lib/auth/email-links.ts), in the same commit.
        if (organizer.emailVerifiedAt === null) work.put(ORGANIZERS, { ...organizer, emailVerifiedAt: work.now });
        work.put(COHOST_INVITES, {
          ...invite,
          acceptedAt: work.now,
          acceptedBy: organizerId,
          sealedToken: null,
        });
        return ok({ eventId: event.id });
      });
    },

    /** The owner takes a co-host off the event; effective on the co-host's next request. */
    remove(ownerId: string, eventId: string, cohostId: string): Promise<Result<PartyEvent>> {
      if (!isId(eventId) || !isId(cohostId)) return Promise.resolve(fail("not-found"));
      return transact(store, { what: "remove co-host" }, async (work) => {
        const event = await planDeparture(work, eventId, cohostId);
        if (!event || eventRole(event, ownerId) !== "owner" || eventRole(event, cohostId) !== "cohost")
          return fail("not-found");
        return ok(work.put(EVENTS, { ...event, cohosts: event.cohosts.filter((c) => c.organizerId !== cohostId) }));
      });
    },

    /** A co-host steps down (the owner cannot: they hand the event over first, or delete it). */
    leave(cohostId: string, eventId: string): Promise<Result<PartyEvent>> {
      if (!isId(eventId)) return Promise.resolve(fail("not-found"));
      return transact(store, { what: "leave event" }, async (work) => {
        const event = await planDeparture(work, eventId, cohostId);
        if (!event || eventRole(event, cohostId) !== "cohost") return fail("not-found");
        return ok(work.put(EVENTS, { ...event, cohosts: event.cohosts.filter((c) => c.organizerId !== cohostId) }));
      });
    },

    /**
     * Hands the event to one of its co-hosts, in one commit: they become the owner, the previous owner a
     * co-host. Decided on the event as read; a concurrent role change makes it be decided again, and it is
     * refused if the new owner is no longer a co-host (or the caller no longer the owner) by then.
     */
    transfer(ownerId: string, eventId: string, newOwnerId: string): Promise<Result<PartyEvent>> {
      if (!isId(eventId) || !isId(newOwnerId)) return Promise.resolve(fail("not-found"));
      return transact(store, { what: "transfer ownership" }, async (work) => {
        const event = await ownedEvent(work, ownerId, eventId);
        if (!event || eventRole(event, newOwnerId) !== "cohost") return fail("not-found");
        const previous = await db.organizers.get(ownerId);
        if (!previous) return fail("not-found");
        const stayingOn: Cohost = { organizerId: ownerId, email: normalizeEmail(previous.email), addedAt: work.now };
        return ok(
          work.put(EVENTS, {
            ...event,
            organizerId: newOwnerId,
            cohosts: [...event.cohosts.filter((c) => c.organizerId !== newOwnerId), stayingOn],
          }),
        );
      });
    },
  };
}
