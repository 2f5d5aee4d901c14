import { recordKey } from "./collection";
import { DecideAgain, transact, type UnitOfWork } from "./commit";
import { planRemoveComments, readInvitationComments } from "./event-attachments";
import { readEventFamily, type PartyDb } from "./db";
import { eventRole, EVENTS } from "./events";
import { HOUSEHOLDS } from "./households";
import {
  hashRsvpToken,
  INVITATIONS,
  issueRsvpToken,
  newInvitation,
  pairValue,
  RSVP_TOKEN_PATTERN,
  type Invitation,
} from "./invitations";
import { emptyResponse, invitationTally, planSummaryMove, planUninvite } from "./plans";
import { fail, isId, ok, type Result } from "./records";
import { RESPONSES } from "./rsvps";
import { EMPTY_TALLY, SUMMARIES } from "./summaries";

const byCreation = (a: Invitation, b: Invitation) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

export function createInvitationRepository(db: PartyDb) {
  const { store, vault } = db;

  /**
   * An invitation of an event this organizer hosts (owner or co-host), with the event read into the commit:
   * a co-host removed meanwhile makes the change be decided again, and refused.
   */
  async function hostedInvitation(work: UnitOfWork, organizerId: string, id: string): Promise<Invitation | null> {
    const found = await db.invitations.get(id);
    const event = found ? await db.events.get(found.eventId) : null;
    if (!found || !event || eventRole(work.read(EVENTS, event), organizerId) === null) return null;
    return found;
  }

  /** A change to one invitation of a hosted event, decided again if it changed meanwhile. */
  function change(
    organizerId: string,
    id: string,
    what: string,
    next: (invitation: Invitation) => Invitation,
  ): Promise<Result<Invitation>> {
    return transact(store, { what }, async (work) => {
      const found = await hostedInvitation(work, organizerId, id);
      if (!found) return fail("not-found");
      const current = work.read(INVITATIONS, found);
      return ok(work.put(INVITATIONS, next(current)));
    });
  }

  /**
   * Invites households from the organizer's OWN address book to an event they host (owner or co-host) in one
   * commit; the invitation records whose book it came from (`organizerId`). Each
   * new invitation with its link, its pair (guarded absent: one invitation per event and household, however
   * many requests race), its empty response and its household's copy, and the event's counts. A household
   * already invited keeps its invitation.
   */
  async function inviteMany(
    organizerId: string,
    eventId: string,
    householdIds: readonly string[],
    now = Date.now(),
    /** Extra guests each new invitation allows (see Invitation.plusOnesAllowed); invitations that exist keep theirs. */
    plusOnesAllowed = 0,
  ): Promise<Result<{ created: Invitation[]; existing: Invitation[] }>> {
    const ids = [...new Set(householdIds)];
    if (!isId(eventId) || ids.length === 0 || !ids.every(isId)) return fail("not-found");
    const danglingSeen = new Set<string>();
    return transact(store, { what: "invite" }, async (work) => {
      const [pair, households, pointers] = await Promise.all([
        store.getMany([recordKey(EVENTS, eventId), recordKey(SUMMARIES, eventId)]),
        db.households.getMany(ids),
        store.getMany(ids.map((householdId) => `invitation-pairs:${pairValue(eventId, householdId)}`)),
      ]);
      const event = EVENTS.schema.safeParse(pair[0]);
      const summary = SUMMARIES.schema.safeParse(pair[1]);
      if (!event.success || eventRole(event.data, organizerId) === null || !summary.success) return fail("not-found");
      if (ids.some((id) => households.get(id)?.organizerId !== organizerId)) return fail("not-found");
      const pointed = pointers.map((p) => (p as { invitationId?: unknown } | null)?.invitationId).filter(isId);
      const existingById = await db.invitations.getMany(pointed);
      const created: Invitation[] = [];
      const existing: Invitation[] = [];
      work.read(EVENTS, event.data);
      for (const [i, householdId] of ids.entries()) {
        const pointer = pointers[i] as { invitationId?: unknown } | null;
        if (pointer !== null) {
          const current = isId(pointer.invitationId) ? existingById.get(pointer.invitationId) : undefined;
          if (current && current.eventId === eventId && current.householdId === householdId) {
            existing.push(work.read(INVITATIONS, current));
            continue;
          }
          // The pair was read before its invitation: an uninvite may have removed both in between. Look again;
          // a pair still naming nothing the second time is left over from old data (`npm run data -- repair`).
          const pair = `invitation-pairs:${pairValue(eventId, householdId)}`;
          if (!danglingSeen.has(pair)) {
            danglingSeen.add(pair);
            throw new DecideAgain(`${pair} named a missing invitation`);
          }
          console.error(`[data] ${pair} names a missing invitation; run \`npm run data -- repair\``);
          continue;
        }
        const household = work.read(HOUSEHOLDS, households.get(householdId)!);
        const invitation = work.create(
          INVITATIONS,
          newInvitation({ organizerId, eventId, household, vault, now, plusOnesAllowed }),
        );
        work.create(RESPONSES, emptyResponse(invitation, now));
        // A household edit decided before this commit must look again, or this invitation's copy would miss it.
        work.touch(HOUSEHOLDS, household);
        planSummaryMove(work, summary.data, EMPTY_TALLY, invitationTally(invitation, null));
        created.push(invitation);
      }
      return ok({ created, existing });
    });
  }

  return {
    get: (id: string) => db.invitations.get(id),
    /** An invitation of an event this organizer hosts (owner or co-host), or null. */
    async getHosted(organizerId: string, id: string): Promise<Invitation | null> {
      const found = await db.invitations.get(id);
      const event = found ? await db.events.get(found.eventId) : null;
      return found && event && eventRole(event, organizerId) !== null ? found : null;
    },

    async listForEvent(eventId: string): Promise<Invitation[]> {
      return (await db.invitations.listBy("event-invitations", eventId)).sort(byCreation);
    },

    async listForHousehold(householdId: string): Promise<Invitation[]> {
      return (await db.invitations.listBy("household-invitations", householdId)).sort(byCreation);
    },

    /**
     * The invitation a live link opens, or null for an unknown, malformed or revoked one. The caller must
     * still check the event it belongs to.
     */
    async findByToken(token: string): Promise<Invitation | null> {
      if (typeof token !== "string" || !RSVP_TOKEN_PATTERN.test(token)) return null;
      const invitation = await db.invitations.findUnique("invitation-tokens", hashRsvpToken(token));
      return invitation && invitation.revokedAt === null ? invitation : null;
    },

    /** The link's token for its organizer to copy, or null when it cannot be shown (then regenerate). */
    tokenOf(invitation: Invitation): string | null {
      const token = vault.open(invitation.sealedToken);
      return token && hashRsvpToken(token) === invitation.tokenHash ? token : null;
    },

    inviteMany,

    /** Invites one household (see inviteMany). */
    async invite(
      organizerId: string,
      eventId: string,
      householdId: string,
      now = Date.now(),
    ): Promise<{ invitation: Invitation; created: boolean }> {
      const result = await inviteMany(organizerId, eventId, [householdId], now);
      if (!result.ok) throw new Error("invite: the event or household is not this organizer's");
      const invitation = result.value.created[0] ?? result.value.existing[0];
      if (!invitation) throw new Error("invite: the household's pair names a missing invitation");
      return { invitation, created: result.value.created.length > 0 };
    },

    /**
     * How many extra guests the household may name. Never below the guests it has named already (they would
     * lose their places behind its back): that is refused with a message, decided on the response as read in
     * this commit, so a guest naming one more meanwhile makes it be decided again.
     */
    setPlusOnesAllowed(
      organizerId: string,
      id: string,
      allowed: number,
    ): Promise<Result<Invitation, "not-found" | "below-named">> {
      if (!isId(id)) return Promise.resolve(fail("not-found"));
      return transact(store, { what: "set plus-ones" }, async (work) => {
        // Any host of the invitation's event (owner or co-host), decided on the event as read in this commit.
        const found = await db.invitations.get(id);
        const event = found ? await db.events.get(found.eventId) : null;
        if (!found || !event || eventRole(work.read(EVENTS, event), organizerId) === null) return fail("not-found");
        const response = await db.responses.get(found.id);
        const current = work.read(INVITATIONS, found);
        const named = response ? work.read(RESPONSES, response).plusOnes.length : 0;
        if (allowed < named) {
          return fail(
            "below-named",
            `${current.guests.name} already named ${named} ${named === 1 ? "guest" : "guests"}: allow at least ${named}, ` +
              "or ask them to remove names on their RSVP page first.",
          );
        }
        if (current.plusOnesAllowed === allowed) return ok(current);
        return ok(work.put(INVITATIONS, { ...current, plusOnesAllowed: allowed }));
      });
    },

    /** The link stops working at once (its token pointer goes); the household stays on the guest list. */
    revoke(organizerId: string, id: string): Promise<Result<Invitation>> {
      return change(organizerId, id, "revoke link", (current) =>
        current.revokedAt === null ? { ...current, revokedAt: Date.now() } : current,
      );
    },

    /** A new link replaces the old one (which stops working) and un-revokes the invitation. */
    regenerate(organizerId: string, id: string): Promise<Result<Invitation>> {
      return change(organizerId, id, "new link", (current) => {
        const { tokenHash, sealedToken } = issueRsvpToken(vault);
        return { ...current, tokenHash, sealedToken, linkCreatedAt: Date.now(), revokedAt: null };
      });
    },

    /**
     * Takes the household off the event in one commit: link, pair, answers, note, its own potluck items and
     * its claims, and the event's counts.
     */
    remove(organizerId: string, id: string): Promise<Result<Invitation>> {
      if (!isId(id)) return Promise.resolve(fail("not-found"));
      return transact(store, { what: "uninvite" }, async (work) => {
        const invitation = await hostedInvitation(work, organizerId, id);
        if (!invitation) return fail("not-found");
        const family = await readEventFamily(db, invitation.eventId);
        const current = family?.invitations.find((i) => i.id === id);
        if (!family || !current) {
          // Its event is gone (only old data can look like this): the invitation alone goes.
          work.remove(INVITATIONS, work.read(INVITATIONS, invitation));
          return ok(invitation);
        }
        planUninvite(work, family, current);
        // The household's comments on the event's wall go with it (read after the family's summary).
        planRemoveComments(work, await readInvitationComments(db, [current.id]));
        return ok(current);
      });
    },
  };
}
