import { transact } from "./commit";
import { planDeleteAttachments, readEventAttachments } from "./event-attachments";
import { readEventFamily, type PartyDb } from "./db";
import { COHOST_INVITES } from "./cohosts";
import {
  EVENT_CHANGED_MESSAGE,
  eventRole,
  EVENTS,
  eventSchema,
  materializeEvent,
  type EventInput,
  type EventStatus,
  type PartyEvent,
} from "./events";
import { HOUSEHOLDS } from "./households";
import { INVITATIONS, newInvitation } from "./invitations";
import { emptyResponse, invitationTally, ITEM_TALLY, planDeleteEvent } from "./plans";
import { POTLUCK_ITEMS, potluckItemSchema } from "./potluck";
import { fail, isId, newId, ok, type Result } from "./records";
import { RESPONSES } from "./rsvps";
import { addTally, EMPTY_TALLY, SUMMARIES, type EventSummary } from "./summaries";

export function createEventRepository(db: PartyDb) {
  const { store, vault } = db;

  /** Applies a change to an owned event; with `expectedVersion`, only if nobody changed it since it was read. */
  function change(
    organizerId: string,
    id: string,
    what: string,
    next: (event: PartyEvent) => PartyEvent,
    expectedVersion?: number,
    capacity?: number | null,
  ): Promise<Result<PartyEvent, "not-found" | "conflict" | "capacity">> {
    return transact(store, { what }, async (work) => {
      const [found, summary] = await Promise.all([
        db.events.getOwned(organizerId, id),
        capacity ? db.summaries.get(id) : null,
      ]);
      if (!found) return fail("not-found");
      if (expectedVersion !== undefined && found.version !== expectedVersion)
        return fail("conflict", EVENT_CHANGED_MESSAGE);
      // A capacity below the places already given would break the promise made to those guests: refused,
      // decided on the counts as read (an answer landing meanwhile makes this be decided again).
      if (capacity && summary) {
        const { attending } = work.read(SUMMARIES, summary);
        if (attending > capacity) {
          return fail(
            "capacity",
            `${attending} guests already have a place: the capacity can't be lower than that (ask some of them first, or set ${attending} or more).`,
          );
        }
      }
      const current = work.read(EVENTS, found);
      // The roles are not the form's to change (lib/data/repo-cohosts.ts does that).
      return ok(
        work.put(EVENTS, {
          ...next(current),
          id,
          organizerId: current.organizerId,
          cohosts: current.cohosts,
          createdAt: current.createdAt,
          updatedAt: Date.now(),
        }),
      );
    });
  }

  return {
    get: (id: string) => db.events.get(id),
    /** The event if this organizer hosts it (owner or co-host): see eventRole. */
    getHosted: (organizerId: string, id: string) => db.events.getOwned(organizerId, id),
    /** The events among `ids` this organizer hosts (owner or co-host), in one round trip. */
    async getManyHosted(organizerId: string, ids: readonly string[]): Promise<PartyEvent[]> {
      return [...(await db.events.getMany(ids)).values()].filter((e) => eventRole(e, organizerId) !== null);
    },

    /** Soonest first (owned and co-hosted). One round trip: this organizer's index with its records. */
    async listForOrganizer(organizerId: string): Promise<PartyEvent[]> {
      const events = await db.events.listBy("organizer-events", organizerId);
      return events.sort((a, b) => a.startsAt - b.startsAt || a.createdAt - b.createdAt);
    },

    /** This organizer's events with their counts (the dashboard): two reads of one index, at once. */
    async listWithSummaries(organizerId: string): Promise<{ event: PartyEvent; summary: EventSummary | null }[]> {
      const [events, summaries] = await Promise.all([
        db.events.listBy("organizer-events", organizerId),
        db.summaries.listBy("organizer-events", organizerId, { sharedWith: EVENTS }),
      ]);
      const byId = new Map(summaries.map((s) => [s.eventId, s]));
      return events
        .sort((a, b) => a.startsAt - b.startsAt || a.createdAt - b.createdAt)
        .map((event) => ({ event, summary: byId.get(event.id) ?? null }));
    },

    summaryOf: (eventId: string) => db.summaries.get(eventId),

    /** The event and its (empty) summary, in one commit. */
    create(organizerId: string, input: EventInput, now = Date.now()): Promise<PartyEvent> {
      const event = eventSchema.parse({
        ...materializeEvent(input),
        id: newId(),
        organizerId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      return transact(store, { what: "create event" }, async (work) => {
        work.create(SUMMARIES, { ...EMPTY_TALLY, eventId: event.id, organizerId, updatedAt: now, version: 1 });
        return work.create(EVENTS, event);
      });
    },

    /**
     * "Host it again": a new event from `input` (new dates; the caller makes it a draft) with a copy of the
     * source event's potluck list (nobody's claims) and its guest list as invitations-to-be: the same
     * households, as the address book has them now (one deleted since is left out), each with a fresh link and
     * no answers. The event, its summary, the items, the invitations and their empty answers are one commit,
     * so a failure leaves no half-copied party.
     */
    duplicate(
      organizerId: string,
      sourceId: string,
      input: EventInput,
      now = Date.now(),
    ): Promise<Result<{ event: PartyEvent; invited: number; items: number }>> {
      if (!isId(sourceId)) return Promise.resolve(fail("not-found"));
      return transact(store, { what: "duplicate event", now }, async (work) => {
        const family = await readEventFamily(db, sourceId);
        if (!family || family.event.organizerId !== organizerId) return fail("not-found");
        const households = await db.households.getMany(family.invitations.map((i) => i.householdId));
        const event = eventSchema.parse({
          ...materializeEvent(input),
          id: newId(),
          organizerId,
          createdAt: now,
          updatedAt: now,
          version: 1,
        });
        let tally = EMPTY_TALLY;
        for (const item of family.items) {
          work.create(
            POTLUCK_ITEMS,
            potluckItemSchema.parse({
              id: newId(),
              eventId: event.id,
              organizerId,
              name: item.name,
              category: item.category,
              quantity: item.quantity,
              notes: item.notes,
              addedByHouseholdId: null,
              claims: [],
              createdAt: now,
              updatedAt: now,
              version: 1,
            }),
          );
          tally = addTally(tally, ITEM_TALLY);
        }
        let invited = 0;
        for (const source of family.invitations) {
          const found = households.get(source.householdId);
          if (!found || found.organizerId !== organizerId) continue;
          // Read into the commit: an edit or deletion of the household meanwhile makes this be decided again.
          const household = work.read(HOUSEHOLDS, found);
          const invitation = work.create(
            INVITATIONS,
            newInvitation({
              organizerId,
              eventId: event.id,
              household,
              vault,
              now,
              plusOnesAllowed: source.plusOnesAllowed,
            }),
          );
          work.create(RESPONSES, emptyResponse(invitation, now));
          // As inviteMany does: a household edit decided before this commit must look again, or this copy would miss it.
          work.touch(HOUSEHOLDS, household);
          tally = addTally(tally, invitationTally(invitation, null));
          invited += 1;
        }
        work.create(SUMMARIES, { ...tally, eventId: event.id, organizerId, updatedAt: now, version: 1 });
        const created = work.create(EVENTS, event);
        return ok({ event: created, invited, items: family.items.length });
      });
    },

    /**
     * The organizer's edit form. `expectedVersion` is the version the form was opened at: if the event
     * changed since, nothing is saved and the result is a "conflict" (the form keeps what was typed).
     */
    update(organizerId: string, id: string, input: EventInput, options: { expectedVersion?: number } = {}) {
      return change(
        organizerId,
        id,
        "edit event",
        (event) => ({ ...event, ...materializeEvent(input) }),
        options.expectedVersion,
        input.capacity,
      );
    },

    /** Whether guests see "who's coming" on their RSVP pages (see PartyEvent.showWhosComing). */
    setShowWhosComing(organizerId: string, id: string, show: boolean) {
      return change(organizerId, id, "show who's coming", (event) => ({ ...event, showWhosComing: show }));
    },

    setStatus(organizerId: string, id: string, status: EventStatus) {
      return change(organizerId, id, "change event status", (event) => ({ ...event, status }));
    },

    /**
     * Deletes the event with its summary, invitations (links and pairs with them), answers, potluck, mail
     * (queued and sent mails, opt-outs, settings), announcements and comments: one
     * commit, guarded by every record it removes, so an invitation or answer that lands meanwhile makes it
     * look again rather than be left behind.
     */
    remove(organizerId: string, id: string): Promise<Result<PartyEvent>> {
      if (!isId(id)) return Promise.resolve(fail("not-found"));
      return transact(store, { what: "delete event" }, async (work) => {
        const family = await readEventFamily(db, id);
        if (!family || eventRole(family.event, organizerId) !== "owner") return fail("not-found");
        // Read after the family's summary: mail, announcements or comments added meanwhile move it.
        const attachments = await readEventAttachments(db, id);
        planDeleteEvent(work, family);
        planDeleteAttachments(work, id, attachments);
        // Its co-host invitations go with it (their links stop working); the event's version guards the list:
        // inviting a co-host reads the event into its commit.
        for (const invite of await db.cohostInvites.listBy("event-cohost-invites", id))
          work.remove(COHOST_INVITES, work.read(COHOST_INVITES, invite));
        return ok(family.event);
      });
    },
  };
}
