import { answersCloseAt, type PartyEvent } from "../data/events";
import type { Household, Person } from "../data/households";
import type { Invitation } from "../data/invitations";
import type { PublicOrganizer } from "../data/organizers";
import { toPublicOrganizer } from "../data/organizers";
import type { PartyData } from "../data/party";
import { claimedQuantity, claimOf, type PotluckItem, type PotluckItemInput } from "../data/potluck";
import { fail, ok, type Result } from "../data/records";
import type { GuestAnswersInput, HouseholdNote, RsvpResponse } from "../data/rsvps";

/**
 * What an RSVP link may see and do. The token opens exactly one invitation: one household, one event. Every
 * guest operation takes this context (never ids from the request alone) and checks that the person or item
 * it touches belongs to that household and event.
 */

export interface GuestContext {
  invitation: Invitation;
  event: PartyEvent;
  household: Household;
  host: Pick<PublicOrganizer, "firstName" | "lastName">;
}

/** The invitation behind a link, or null for anything a guest must not open (unknown, revoked, draft...). */
export async function openInvitation(data: PartyData, token: string): Promise<GuestContext | null> {
  const invitation = await data.invitations.findByToken(token);
  if (!invitation) return null;
  const [event, household, organizer] = await Promise.all([
    data.events.get(invitation.eventId),
    data.households.get(invitation.householdId),
    data.organizers.findById(invitation.organizerId),
  ]);
  if (!event || !household || !organizer) return null;
  if (event.organizerId !== invitation.organizerId || household.organizerId !== invitation.organizerId) return null;
  // Guests open only published events; a cancelled one still tells them so (see the page).
  if (event.status === "draft") return null;
  const { firstName, lastName } = toPublicOrganizer(organizer);
  return { invitation, event, household, host: { firstName, lastName } };
}

export type GuestMode = "open" | "closed" | "cancelled";

/** Guests can change answers while the event is published and the deadline has not passed. */
export function guestMode(event: PartyEvent, now = Date.now()): GuestMode {
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
}

/**
 * The RSVP page's data. Other households appear only as numbers (how many units are left), never by name.
 */
export async function loadGuestView(data: PartyData, ctx: GuestContext): Promise<GuestView> {
  const { event, household } = ctx;
  const [responses, notes, items] = await Promise.all([
    data.rsvps.getForPeople(event.id, household.people.map((p) => p.id)),
    data.rsvps.getNotes(event.id, [household.id]),
    data.potluck.listForEvent(event.id),
  ]);
  return {
    people: household.people.map((person) => {
      const response = responses.get(person.id);
      return { person, response: response && response.householdId === household.id ? response : null };
    }),
    note: notes.get(household.id) ?? null,
    potluck: items.map((item) => ({
      item: { id: item.id, name: item.name, category: item.category, quantity: item.quantity, notes: item.notes },
      remaining: Math.max(0, item.quantity - claimedQuantity(item)),
      mine: claimOf(item, household.id),
      addedByUs: item.addedByHouseholdId === household.id,
    })),
  };
}

export type GuestFailure = "not-found" | "closed";

/** Saves a household's answers: only its own people, and only while answers are open. All or nothing. */
export async function saveGuestAnswers(
  data: PartyData,
  ctx: GuestContext,
  input: GuestAnswersInput,
  now = Date.now(),
): Promise<Result<{ saved: number }, GuestFailure>> {
  if (guestMode(ctx.event, now) !== "open") return fail("closed");
  const people = new Map(ctx.household.people.map((p) => [p.id, p]));
  if (input.people.some((a) => !people.has(a.personId))) return fail("not-found");
  let saved = 0;
  await Promise.all(
    input.people.map(async (answer) => {
      if (answer.status === "") return;
      saved += 1;
      await data.rsvps.setResponse({
        eventId: ctx.event.id,
        householdId: ctx.household.id,
        personId: answer.personId,
        status: answer.status,
        dietaryTags: answer.dietaryTags,
        dietaryNotes: answer.dietaryNotes,
        setByHost: false,
        updatedAt: now,
      });
    }),
  );
  await data.rsvps.setNote({ eventId: ctx.event.id, householdId: ctx.household.id, note: input.note, updatedAt: now });
  return ok({ saved });
}

export async function claimAsGuest(
  data: PartyData,
  ctx: GuestContext,
  itemId: string,
  quantity: number,
  now = Date.now(),
): Promise<Result<PotluckItem, GuestFailure | "over-claimed">> {
  if (guestMode(ctx.event, now) !== "open") return fail("closed");
  return data.potluck.claim(ctx.event.id, ctx.household.id, itemId, quantity, now);
}

export async function addGuestItem(
  data: PartyData,
  ctx: GuestContext,
  input: PotluckItemInput,
  now = Date.now(),
): Promise<Result<PotluckItem, GuestFailure>> {
  if (guestMode(ctx.event, now) !== "open") return fail("closed");
  return ok(await data.potluck.addByGuest(ctx.event.organizerId, ctx.event.id, ctx.household.id, input, now));
}

export async function removeGuestItem(
  data: PartyData,
  ctx: GuestContext,
  itemId: string,
  now = Date.now(),
): Promise<Result<PotluckItem, GuestFailure>> {
  if (guestMode(ctx.event, now) !== "open") return fail("closed");
  return data.potluck.removeByGuest(ctx.event.id, ctx.household.id, itemId);
}
