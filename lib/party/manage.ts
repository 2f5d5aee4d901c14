import type { PartyEvent } from "../data/events";
import type { Household, Person } from "../data/households";
import type { Invitation } from "../data/invitations";
import type { PartyData } from "../data/party";
import type { PotluckItem } from "../data/potluck";
import { fail, isId, ok, type Result } from "../data/records";
import type { ResponseStatus, RsvpResponse } from "../data/rsvps";

/**
 * Organizer operations that span several records. Each one first proves that the organizer owns every id it
 * was given (another organizer's id is "not found", exactly like an id that does not exist) and changes
 * nothing until all of them check out.
 */

export async function deleteEvent(data: PartyData, organizerId: string, eventId: string): Promise<Result<PartyEvent>> {
  const removed = await data.events.remove(organizerId, eventId);
  if (!removed.ok) return removed;
  // The event is gone from every list and link already; what follows only cleans up behind it.
  const invitations = await data.invitations.listForEvent(eventId);
  const households = await data.households.getMany(invitations.map((i) => i.householdId));
  for (const invitation of invitations.filter((i) => i.organizerId === organizerId)) {
    const people = households.get(invitation.householdId)?.people.map((p) => p.id) ?? [];
    await data.rsvps.removeHousehold(eventId, invitation.householdId, people);
    await data.invitations.remove(organizerId, invitation.id);
  }
  await data.potluck.removeAllForEvent(eventId);
  return removed;
}

/** Invites the given households (all must be this organizer's) to this organizer's event. */
export async function inviteHouseholds(
  data: PartyData,
  organizerId: string,
  eventId: string,
  householdIds: string[],
): Promise<Result<{ created: Invitation[]; existing: Invitation[] }>> {
  const event = await data.events.getOwned(organizerId, eventId);
  if (!event) return fail("not-found");
  const ids = [...new Set(householdIds)];
  if (ids.length === 0 || !ids.every(isId)) return fail("not-found");
  const households = await data.households.getMany(ids);
  if (ids.some((id) => households.get(id)?.organizerId !== organizerId)) return fail("not-found");
  const created: Invitation[] = [];
  const existing: Invitation[] = [];
  for (const id of ids) {
    const result = await data.invitations.invite(organizerId, eventId, id);
    (result.created ? created : existing).push(result.invitation);
  }
  return ok({ created, existing });
}

/** Takes a household off an event's guest list: its link, answers, note and potluck claims go too. */
export async function uninvite(data: PartyData, organizerId: string, invitationId: string): Promise<Result<Invitation>> {
  const invitation = await data.invitations.getOwned(organizerId, invitationId);
  if (!invitation) return fail("not-found");
  const removed = await data.invitations.remove(organizerId, invitationId);
  if (!removed.ok) return removed;
  const household = await data.households.get(invitation.householdId);
  await data.rsvps.removeHousehold(invitation.eventId, invitation.householdId, household?.people.map((p) => p.id) ?? []);
  await data.potluck.releaseHousehold(invitation.eventId, invitation.householdId);
  return removed;
}

/** Deletes a household from the address book and from every event it was invited to. */
export async function deleteHousehold(data: PartyData, organizerId: string, householdId: string): Promise<Result<Household>> {
  const household = await data.households.getOwned(organizerId, householdId);
  if (!household) return fail("not-found");
  for (const invitation of await data.invitations.listForHousehold(householdId)) {
    if (invitation.organizerId === organizerId) await uninvite(data, organizerId, invitation.id);
  }
  return data.households.remove(organizerId, householdId);
}

/** Removes a person from a household, and their answers with them. */
export async function removePerson(
  data: PartyData,
  organizerId: string,
  householdId: string,
  personId: string,
): Promise<Result<Household>> {
  const result = await data.households.removePerson(organizerId, householdId, personId);
  if (!result.ok) return result;
  for (const invitation of await data.invitations.listForHousehold(householdId)) {
    await data.rsvps.clearResponse(invitation.eventId, personId);
  }
  return result;
}

/** Finds a person among the households invited to an event (the organizer's own event). */
async function invitedPerson(
  data: PartyData,
  event: PartyEvent,
  personId: string,
): Promise<{ household: Household; person: Person } | null> {
  if (!isId(personId)) return null;
  const invitations = await data.invitations.listForEvent(event.id);
  const households = await data.households.getMany(invitations.map((i) => i.householdId));
  for (const household of households.values()) {
    if (household.organizerId !== event.organizerId) continue;
    const person = household.people.find((p) => p.id === personId);
    if (person) return { household, person };
  }
  return null;
}

/** The organizer answers for a guest ("set by host"); "no_reply" clears the answer. */
export async function setAnswerForGuest(
  data: PartyData,
  organizerId: string,
  eventId: string,
  personId: string,
  status: ResponseStatus | "no_reply",
  now = Date.now(),
): Promise<Result<RsvpResponse | null>> {
  const event = await data.events.getOwned(organizerId, eventId);
  if (!event) return fail("not-found");
  const found = await invitedPerson(data, event, personId);
  if (!found) return fail("not-found");
  if (status === "no_reply") {
    await data.rsvps.clearResponse(eventId, personId);
    return ok(null);
  }
  const previous = await data.rsvps.get(eventId, personId);
  const response = await data.rsvps.setResponse({
    eventId,
    householdId: found.household.id,
    personId,
    status,
    dietaryTags: previous?.dietaryTags ?? found.person.dietaryTags,
    dietaryNotes: previous?.dietaryNotes ?? found.person.dietaryNotes,
    setByHost: true,
    updatedAt: now,
  });
  return ok(response);
}

export async function addPotluckItem(
  data: PartyData,
  organizerId: string,
  eventId: string,
  input: Parameters<PartyData["potluck"]["createByHost"]>[2],
): Promise<Result<PotluckItem>> {
  const event = await data.events.getOwned(organizerId, eventId);
  if (!event) return fail("not-found");
  return ok(await data.potluck.createByHost(organizerId, eventId, input));
}
