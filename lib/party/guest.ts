import { answersCloseAt, type PartyEvent } from "../data/events";
import { recordKey } from "../data/collection";
import { EVENTS } from "../data/events";
import type { Person } from "../data/households";
import type { Invitation } from "../data/invitations";
import { ORGANIZERS, type PublicOrganizer } from "../data/organizers";
import type { PartyData } from "../data/party";
import { claimOf, remainingQuantity, type PotluckItem, type PotluckItemInput } from "../data/potluck";
import { fail, type Result } from "../data/records";
import { SUMMARIES } from "../data/summaries";
import type { GuestGate } from "../data/repo-potluck";
import {
  answerOf,
  noteOf,
  RESPONSES,
  type GuestAnswersInput,
  type HouseholdNote,
  type ResponseRecord,
  type RsvpResponse,
} from "../data/rsvps";
import { queueConfirmation } from "../mail/confirmations";
import { guestWallOf, readEventMessages, type GuestWall } from "./messages";

/**
 * What an RSVP link may see and do. The token opens exactly one invitation: one household, one event. Every
 * guest operation takes this context (never ids from the request alone) and checks that the person or item
 * it touches belongs to that household and event.
 */

/** The household as its invitation lists it (the event's own copy). */
export interface GuestHousehold {
  id: string;
  name: string;
  address: string;
  people: Person[];
}

export interface GuestContext {
  invitation: Invitation;
  event: PartyEvent;
  household: GuestHousehold;
  /** The household's answers and note as the link was opened. */
  response: ResponseRecord;
  host: Pick<PublicOrganizer, "firstName" | "lastName"> & {
    /** Only when the host chose to share it with guests (the event's "Share my email with guests"). */
    email: string | null;
  };
  /** Places still free when the link was opened (null: the event has no capacity). */
  placesLeft: number | null;
}

/**
 * The invitation behind a link, or null for anything a guest must not open (unknown, revoked, draft...).
 * Three round trips whatever the size of the event: the token's pointer, the invitation, then its event,
 * response and host together.
 */
export async function openInvitation(data: PartyData, token: string): Promise<GuestContext | null> {
  const invitation = await data.invitations.findByToken(token);
  if (!invitation) return null;
  const [event, response, organizer, summary] = await data.db.store.getMany([
    recordKey(EVENTS, invitation.eventId),
    recordKey(RESPONSES, invitation.id),
    recordKey(ORGANIZERS, invitation.organizerId),
    recordKey(SUMMARIES, invitation.eventId),
  ]);
  const parsed = {
    event: EVENTS.schema.safeParse(event),
    response: RESPONSES.schema.safeParse(response),
    organizer: ORGANIZERS.schema.safeParse(organizer),
  };
  if (!parsed.event.success || !parsed.response.success || !parsed.organizer.success) return null;
  // The host the guest sees is the one who invited them (the owner, or the co-host whose address book the
  // household came from); the event may have changed hands since, the link still holds.
  if (parsed.event.data.id !== invitation.eventId) return null;
  // A draft opens too, but only to say it is not open yet (see guestMode and the page): every guest change
  // is refused for it like for a closed event.
  const { firstName, lastName, email } = parsed.organizer.data;
  const attending = SUMMARIES.schema.safeParse(summary).data?.attending ?? 0;
  const capacity = parsed.event.data.capacity;
  return {
    invitation,
    event: parsed.event.data,
    household: {
      id: invitation.householdId,
      name: invitation.guests.name,
      address: invitation.guests.address,
      people: invitation.guests.people,
    },
    response: parsed.response.data,
    host: { firstName, lastName, email: parsed.event.data.shareEmail ? email : null },
    placesLeft: capacity === null ? null : Math.max(0, capacity - attending),
  };
}

export type GuestMode = "open" | "closed" | "cancelled" | "draft";

/** Guests can change answers while the event is published and the deadline has not passed. */
export function guestMode(event: PartyEvent, now = Date.now()): GuestMode {
  if (event.status === "draft") return "draft";
  if (event.status === "cancelled") return "cancelled";
  return now < answersCloseAt(event) ? "open" : "closed";
}

export interface GuestPotluckItem {
  item: Pick<PotluckItem, "id" | "name" | "category" | "quantity" | "notes">;
  remaining: number;
  mine: number;
  addedByUs: boolean;
}

export interface GuestView {
  people: { person: Person; response: RsvpResponse | null }[];
  note: HouseholdNote | null;
  potluck: GuestPotluckItem[];
  /** The host's announcements and the comments guests may see, newest first. */
  wall: GuestWall;
}

/**
 * The RSVP page's data: the context's answers and one read of the event's potluck. Other households appear
 * only as numbers (how many units are left), never by name.
 */
export async function loadGuestView(data: PartyData, ctx: GuestContext): Promise<GuestView> {
  const { event, household, response } = ctx;
  // Issued together: one round trip.
  const [items, messages] = await Promise.all([
    data.potluck.listForEvent(event.id),
    readEventMessages(data.db, event.id),
  ]);
  return {
    people: household.people.map((person) => ({ person, response: answerOf(response, person.id) })),
    note: noteOf(response),
    potluck: items.map((item) => ({
      item: { id: item.id, name: item.name, category: item.category, quantity: item.quantity, notes: item.notes },
      remaining: remainingQuantity(item),
      mine: claimOf(item, household.id),
      addedByUs: item.addedByHouseholdId === household.id,
    })),
    wall: guestWallOf(messages, ctx.invitation.id),
  };
}

export type GuestFailure = "not-found" | "closed";

/** Each guest change is checked against the link it came through and the event being open, in its commit. */
function gateOf(ctx: GuestContext, now: number): GuestGate {
  return {
    invitationId: ctx.invitation.id,
    tokenHash: ctx.invitation.tokenHash,
    isOpen: (event) => guestMode(event, now) === "open",
  };
}

/** Saves a household's answers: only its own people, and only while answers are open. All or nothing. */
export async function saveGuestAnswers(
  data: PartyData,
  ctx: GuestContext,
  input: GuestAnswersInput,
  now = Date.now(),
): Promise<Result<{ saved: number; waitlisted: number }, GuestFailure | "too-many-plus-ones">> {
  if (guestMode(ctx.event, now) !== "open") return fail("closed");
  const gate = gateOf(ctx, now);
  // The confirmation mail is queued in the commit that saves the answers (one per saved change).
  return data.rsvps.answerAsGuest(ctx.invitation.id, ctx.invitation.tokenHash, input, gate.isOpen, now, (work, saved) =>
    queueConfirmation(data.db, work, saved),
  );
}

export async function claimAsGuest(
  data: PartyData,
  ctx: GuestContext,
  itemId: string,
  quantity: number,
  now = Date.now(),
): Promise<Result<PotluckItem, GuestFailure | "over-claimed">> {
  if (guestMode(ctx.event, now) !== "open") return fail("closed");
  return data.potluck.claimAsGuest(gateOf(ctx, now), itemId, quantity);
}

export async function addGuestItem(
  data: PartyData,
  ctx: GuestContext,
  input: PotluckItemInput,
  now = Date.now(),
): Promise<Result<PotluckItem, GuestFailure | "too-many">> {
  if (guestMode(ctx.event, now) !== "open") return fail("closed");
  return data.potluck.suggestAsGuest(gateOf(ctx, now), input);
}

export async function removeGuestItem(
  data: PartyData,
  ctx: GuestContext,
  itemId: string,
  now = Date.now(),
): Promise<Result<PotluckItem, GuestFailure>> {
  if (guestMode(ctx.event, now) !== "open") return fail("closed");
  return data.potluck.removeAsGuest(gateOf(ctx, now), itemId);
}
