import { recordKey } from "./collection";
import { transact, type UnitOfWork } from "./commit";
import type { PartyDb } from "./db";
import { eventRole, EVENTS, type PartyEvent } from "./events";
import { INVITATIONS, type Invitation } from "./invitations";
import { ITEM_TALLY, planSummaryMove } from "./plans";
import {
  claimedQuantity,
  GUEST_SUGGESTIONS_FULL_MESSAGE,
  MAX_GUEST_SUGGESTIONS,
  POTLUCK_ITEMS,
  potluckItemSchema,
  withClaim,
  type ClaimFailure,
  type PotluckItem,
  type PotluckItemInput,
} from "./potluck";
import { fail, isId, newId, ok, type Result } from "./records";
import { EMPTY_TALLY, SUMMARIES, type EventSummary } from "./summaries";

/** What a guest's potluck change is checked against: the link it came through, and the event being open. */
export interface GuestGate {
  invitationId: string;
  tokenHash: string;
  isOpen: (event: PartyEvent) => boolean;
}

export type GuestPotluckFailure = "not-found" | "closed";

export function createPotluckRepository(db: PartyDb) {
  const { store } = db;

  const listForEvent = async (eventId: string): Promise<PotluckItem[]> =>
    (await db.items.listBy("event-potluck", eventId)).sort(
      (a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name),
    );

  /** The event and its summary, in one round trip. */
  async function readEvent(eventId: string): Promise<{ event: PartyEvent; summary: EventSummary } | null> {
    if (!isId(eventId)) return null;
    await db.ready();
    const [event, summary] = await store.getMany([recordKey(EVENTS, eventId), recordKey(SUMMARIES, eventId)]);
    const e = EVENTS.schema.safeParse(event);
    const s = SUMMARIES.schema.safeParse(summary);
    return e.success && s.success && e.data.id === eventId ? { event: e.data, summary: s.data } : null;
  }

  /**
   * For a guest's change: the invitation behind the link must still be the one opened (not revoked, not
   * replaced) and the event open. Both are read into the commit, so an uninvite or a cancellation that lands
   * meanwhile makes the change be decided again, and refused.
   */
  async function admitGuest(
    work: UnitOfWork,
    gate: GuestGate,
  ): Promise<{ invitation: Invitation; event: PartyEvent; summary: EventSummary } | GuestPotluckFailure> {
    const invitation = await db.invitations.get(gate.invitationId);
    if (!invitation || invitation.tokenHash !== gate.tokenHash || invitation.revokedAt !== null) return "not-found";
    const found = await readEvent(invitation.eventId);
    if (!found) return "not-found";
    work.read(INVITATIONS, invitation);
    work.read(EVENTS, found.event);
    if (!gate.isOpen(found.event)) return "closed";
    return { invitation, ...found };
  }

  /** Sets a household's claim on an item of `eventId` (the event the caller checked). */
  async function planClaim(
    work: UnitOfWork,
    eventId: string,
    householdId: string,
    itemId: string,
    quantity: number,
  ): Promise<Result<PotluckItem, ClaimFailure>> {
    const found = await db.items.get(itemId);
    if (!found || found.eventId !== eventId) return fail("not-found");
    const item = work.read(POTLUCK_ITEMS, found);
    const next = withClaim(item, householdId, quantity, work.now);
    if ("ok" in next) return next;
    return ok(work.put(POTLUCK_ITEMS, next === item ? item : { ...next, updatedAt: work.now }));
  }

  function createItem(
    work: UnitOfWork,
    summary: EventSummary,
    item: Omit<PotluckItem, "id" | "createdAt" | "updatedAt" | "version">,
  ): PotluckItem {
    const created = work.create(
      POTLUCK_ITEMS,
      potluckItemSchema.parse({ ...item, id: newId(), createdAt: work.now, updatedAt: work.now, version: 1 }),
    );
    planSummaryMove(work, summary, EMPTY_TALLY, ITEM_TALLY);
    return created;
  }

  function removeItem(work: UnitOfWork, summary: EventSummary, item: PotluckItem): void {
    work.remove(POTLUCK_ITEMS, work.read(POTLUCK_ITEMS, item));
    planSummaryMove(work, summary, ITEM_TALLY, EMPTY_TALLY);
  }

  /** A suggestion from the organizer of the event; not-found unless the event is theirs. */
  function addByHost(
    organizerId: string,
    eventId: string,
    input: PotluckItemInput,
    now = Date.now(),
  ): Promise<Result<PotluckItem>> {
    return transact(store, { what: "add potluck item", now }, async (work) => {
      const found = await readEvent(eventId);
      if (!found || eventRole(work.read(EVENTS, found.event), organizerId) === null) return fail("not-found");
      // Items carry the event's owner, whoever of its hosts added them (access is decided on the event).
      const ownerId = found.event.organizerId;
      return ok(
        createItem(work, found.summary, {
          ...input,
          eventId,
          organizerId: ownerId,
          addedByHouseholdId: null,
          claims: [],
        }),
      );
    });
  }

  /**
   * The cap is counted on the event's items as read, and the commit is serialised per household: a guest's
   * suggestion touches its invitation (so two of one household's suggestions cannot both pass the count, and
   * an uninvite or a deleted event that read the invitation looks again); without one (the seed, tests), the
   * summary is read to decide instead.
   */
  async function planSuggestion(
    work: UnitOfWork,
    event: PartyEvent,
    summary: EventSummary,
    householdId: string,
    input: PotluckItemInput,
    invitation?: Invitation,
  ): Promise<Result<PotluckItem, "too-many">> {
    if (invitation) work.touch(INVITATIONS, invitation);
    else work.read(SUMMARIES, summary);
    const items = await listForEvent(event.id);
    if (items.filter((i) => i.addedByHouseholdId === householdId).length >= MAX_GUEST_SUGGESTIONS) {
      return fail("too-many", GUEST_SUGGESTIONS_FULL_MESSAGE);
    }
    return ok(
      createItem(work, summary, {
        ...input,
        eventId: event.id,
        organizerId: event.organizerId,
        addedByHouseholdId: householdId,
        claims: [{ householdId, quantity: input.quantity, claimedAt: work.now }],
      }),
    );
  }

  return {
    get: (id: string) => db.items.get(id),
    listForEvent,

    addByHost,

    /** addByHost for callers that have checked the event is the organizer's (tests, the seed). */
    async createByHost(
      organizerId: string,
      eventId: string,
      input: PotluckItemInput,
      now = Date.now(),
    ): Promise<PotluckItem> {
      const result = await addByHost(organizerId, eventId, input, now);
      if (!result.ok) throw new Error(`createByHost: event ${eventId} is not this organizer's`);
      return result.value;
    },

    updateByHost(
      organizerId: string,
      itemId: string,
      input: PotluckItemInput,
    ): Promise<Result<PotluckItem, "not-found" | "over-claimed">> {
      return transact(store, { what: "edit potluck item" }, async (work) => {
        const found = await db.items.get(itemId);
        const event = found ? await db.events.get(found.eventId) : null;
        if (!found || !event || eventRole(work.read(EVENTS, event), organizerId) === null) return fail("not-found");
        const item = work.read(POTLUCK_ITEMS, found);
        const claimed = claimedQuantity(item);
        if (input.quantity < claimed)
          return fail("over-claimed", `Guests have already claimed ${claimed}: the quantity cannot be less`);
        return ok(work.put(POTLUCK_ITEMS, { ...item, ...input, updatedAt: work.now }));
      });
    },

    removeByHost(organizerId: string, itemId: string): Promise<Result<PotluckItem>> {
      return transact(store, { what: "remove potluck item" }, async (work) => {
        const item = await db.items.get(itemId);
        const found = item ? await readEvent(item.eventId) : null;
        if (!item || !found || eventRole(work.read(EVENTS, found.event), organizerId) === null)
          return fail("not-found");
        removeItem(work, found.summary, item);
        return ok(item);
      });
    },

    /**
     * Sets how many units of an item a household brings (0 withdraws its claim): only items of `eventId`, and
     * never more than what is left. Decided again, on the new item, when another claim lands first.
     */
    claim(
      eventId: string,
      householdId: string,
      itemId: string,
      quantity: number,
      now = Date.now(),
    ): Promise<Result<PotluckItem, ClaimFailure>> {
      return transact(store, { what: "claim", now }, (work) => planClaim(work, eventId, householdId, itemId, quantity));
    },

    /** A claim from an RSVP link (see GuestGate). */
    claimAsGuest(
      gate: GuestGate,
      itemId: string,
      quantity: number,
    ): Promise<Result<PotluckItem, ClaimFailure | GuestPotluckFailure>> {
      return transact(store, { what: "claim" }, async (work) => {
        const admitted = await admitGuest(work, gate);
        if (typeof admitted === "string") return fail(admitted);
        return planClaim(work, admitted.event.id, admitted.invitation.householdId, itemId, quantity);
      });
    },

    /**
     * A guest's own dish from their RSVP link, created already claimed by their household: at most
     * MAX_GUEST_SUGGESTIONS per household and event. The count is taken from the event's items in the
     * commit that adds one, guarded by the event's summary (which every added or removed item moves), so two
     * suggestions racing for the last place cannot both get it.
     */
    suggestAsGuest(
      gate: GuestGate,
      input: PotluckItemInput,
    ): Promise<Result<PotluckItem, GuestPotluckFailure | "too-many">> {
      return transact(store, { what: "add a dish" }, async (work) => {
        const admitted = await admitGuest(work, gate);
        if (typeof admitted === "string") return fail(admitted);
        return planSuggestion(
          work,
          admitted.event,
          admitted.summary,
          admitted.invitation.householdId,
          input,
          admitted.invitation,
        );
      });
    },

    /** A household's own dish without a link in hand (the seed, tests): the same rule and cap. */
    async addByGuest(
      organizerId: string,
      eventId: string,
      householdId: string,
      input: PotluckItemInput,
      now = Date.now(),
    ): Promise<PotluckItem> {
      const result = await transact(store, { what: "add a dish", now }, async (work) => {
        const found = await readEvent(eventId);
        if (!found || eventRole(found.event, organizerId) === null) return fail("not-found");
        return planSuggestion(work, found.event, found.summary, householdId, input);
      });
      if (!result.ok) throw new Error(`addByGuest: ${result.message ?? result.reason}`);
      return result.value;
    },

    /** Guests may remove only what their own household added (`removeAsGuest` for a link's request). */
    removeByGuest(eventId: string, householdId: string, itemId: string): Promise<Result<PotluckItem>> {
      return transact(store, { what: "remove a dish" }, async (work) => {
        const item = await db.items.get(itemId);
        if (!item || item.eventId !== eventId || item.addedByHouseholdId !== householdId) return fail("not-found");
        const found = await readEvent(eventId);
        if (!found) return fail("not-found");
        removeItem(work, found.summary, item);
        return ok(item);
      });
    },

    removeAsGuest(gate: GuestGate, itemId: string): Promise<Result<PotluckItem, GuestPotluckFailure>> {
      return transact(store, { what: "remove a dish" }, async (work) => {
        const admitted = await admitGuest(work, gate);
        if (typeof admitted === "string") return fail(admitted);
        const item = await db.items.get(itemId);
        if (!item || item.eventId !== admitted.event.id || item.addedByHouseholdId !== admitted.invitation.householdId)
          return fail("not-found");
        removeItem(work, admitted.summary, item);
        return ok(item);
      });
    },
  };
}
