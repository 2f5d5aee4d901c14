import { cancelEventWithMail } from "../mail";
import type { EventInput, EventStatus, PartyEvent } from "../data/events";
import type { Household, HouseholdInput, PersonInput } from "../data/households";
import type { Invitation } from "../data/invitations";
import type { PartyData } from "../data/party";
import type { PotluckItem, PotluckItemInput } from "../data/potluck";
import { fail, type Result } from "../data/records";
import type { ResponseStatus, RsvpResponse } from "../data/rsvps";
import { queueConfirmation, queuePromotion } from "../mail/confirmations";

/**
 * Organizer operations that span several records. Each one is a single atomic commit in lib/data: it proves
 * that the organizer owns every id it was given (another organizer's id is "not found", exactly like an id
 * that does not exist) and changes nothing unless all of them check out.
 */

/** Deletes an event with its invitations, answers and potluck (one commit). */
export function deleteEvent(data: PartyData, organizerId: string, eventId: string): Promise<Result<PartyEvent>> {
  return data.events.remove(organizerId, eventId);
}

/** Invites the given households (all must be this organizer's) to this organizer's event (one commit). */
export function inviteHouseholds(
  data: PartyData,
  organizerId: string,
  eventId: string,
  householdIds: string[],
  plusOnesAllowed = 0,
): Promise<Result<{ created: Invitation[]; existing: Invitation[] }>> {
  return data.invitations.inviteMany(organizerId, eventId, householdIds, Date.now(), plusOnesAllowed);
}

/** Takes a household off an event's guest list: its link, answers, note and potluck claims go too (one commit). */
export function uninvite(data: PartyData, organizerId: string, invitationId: string): Promise<Result<Invitation>> {
  return data.invitations.remove(organizerId, invitationId);
}

/** Deletes a household from the address book and from every event it was invited to (one commit). */
export function deleteHousehold(data: PartyData, organizerId: string, householdId: string): Promise<Result<Household>> {
  return data.households.remove(organizerId, householdId);
}

/** Removes a person from a household, and their answers to every event with them (one commit). */
export function removePerson(
  data: PartyData,
  organizerId: string,
  householdId: string,
  personId: string,
): Promise<Result<Household>> {
  return data.households.removePerson(organizerId, householdId, personId);
}

/**
 * The organizer answers for a guest ("set by host"); "no_reply" clears the answer. The household gets the
 * same confirmation mail as when it answers itself, queued in the same commit: an answer it did not give
 * itself is one it should hear about.
 */
export function setAnswerForGuest(
  data: PartyData,
  organizerId: string,
  eventId: string,
  personId: string,
  status: ResponseStatus | "no_reply",
  now = Date.now(),
): Promise<Result<RsvpResponse | null>> {
  return data.rsvps.answerForGuest(organizerId, eventId, personId, status, now, (work, saved) =>
    queueConfirmation(data.db, work, saved),
  );
}

export function addPotluckItem(
  data: PartyData,
  organizerId: string,
  eventId: string,
  input: PotluckItemInput,
): Promise<Result<PotluckItem>> {
  return data.potluck.addByHost(organizerId, eventId, input);
}

/**
 * The host gives a waiting guest a place, if the party has one (see RsvpRepository.promote); the household's
 * "you're in" mail is queued in the same commit.
 */
export function promoteFromWaitlist(
  data: PartyData,
  organizerId: string,
  eventId: string,
  personId: string,
  now = Date.now(),
) {
  return data.rsvps.promote(organizerId, eventId, personId, now, (work, saved) => queuePromotion(data.db, work, saved));
}

/** How many extra guests an invited household may name (see InvitationRepository.setPlusOnesAllowed). */
export function setPlusOnesAllowed(data: PartyData, organizerId: string, invitationId: string, allowed: number) {
  return data.invitations.setPlusOnesAllowed(organizerId, invitationId, allowed);
}

// --- One use case per organizer action (docs/architecture.md): each checks ownership itself. ----------------

export async function createEvent(data: PartyData, organizerId: string, input: EventInput): Promise<PartyEvent> {
  return data.events.create(organizerId, input);
}

/** "Host it again": a new draft with the source event's potluck and guest list (the source must be the organizer's). */
export function duplicateEvent(data: PartyData, organizerId: string, sourceId: string, input: EventInput) {
  return data.events.duplicate(organizerId, sourceId, input);
}

/**
 * Saves the event's form. `expectedVersion` is the version the form was opened at; on a "conflict" the failure's
 * message is the version the event has now, for the form to carry forward.
 */
export async function updateEvent(
  data: PartyData,
  organizerId: string,
  eventId: string,
  input: EventInput,
  options: { expectedVersion?: number } = {},
): Promise<Result<PartyEvent, "not-found" | "conflict" | "capacity">> {
  const result = await data.events.update(organizerId, eventId, input, options);
  if (result.ok || result.reason !== "conflict") return result;
  const latest = await data.events.getHosted(organizerId, eventId);
  return latest ? fail("conflict", String(latest.version)) : fail("not-found");
}

/** Publishes, unpublishes or cancels; cancelling queues a cancellation mail to every invited household, in the same commit. */
export function setEventStatus(
  data: PartyData,
  organizerId: string,
  eventId: string,
  status: EventStatus,
): Promise<Result<PartyEvent, string>> {
  return status === "cancelled"
    ? cancelEventWithMail(data.db, organizerId, eventId)
    : data.events.setStatus(organizerId, eventId, status);
}

const INVITATION_CHANGES = ["revoke", "regenerate", "remove"] as const;
export type InvitationChange = (typeof INVITATION_CHANGES)[number];

export function isInvitationChange(intent: string): intent is InvitationChange {
  return (INVITATION_CHANGES as readonly string[]).includes(intent);
}

/** Revokes, regenerates or removes an invitation of an event this organizer hosts (another event's is "not found"). */
export async function changeInvitation(
  data: PartyData,
  organizerId: string,
  eventId: string,
  invitationId: string,
  change: InvitationChange,
): Promise<Result<Invitation>> {
  const invitation = await data.invitations.getHosted(organizerId, invitationId);
  if (!invitation || invitation.eventId !== eventId) return fail("not-found");
  if (change === "revoke") return data.invitations.revoke(organizerId, invitation.id);
  if (change === "regenerate") return data.invitations.regenerate(organizerId, invitation.id);
  return uninvite(data, organizerId, invitation.id);
}

/** The host edits an item of this organizer's event; fewer than already claimed is "over-claimed". */
export async function updatePotluckItem(
  data: PartyData,
  organizerId: string,
  eventId: string,
  itemId: string,
  input: PotluckItemInput,
): Promise<Result<PotluckItem, "not-found" | "over-claimed">> {
  const item = await data.potluck.get(itemId);
  if (!item || item.eventId !== eventId) return fail("not-found");
  return data.potluck.updateByHost(organizerId, item.id, input);
}

/** The host removes an item of this organizer's event, with its claims. */
export async function removePotluckItem(
  data: PartyData,
  organizerId: string,
  eventId: string,
  itemId: string,
): Promise<Result<PotluckItem>> {
  const item = await data.potluck.get(itemId);
  if (!item || item.eventId !== eventId) return fail("not-found");
  return data.potluck.removeByHost(organizerId, item.id);
}

export function createHousehold(data: PartyData, organizerId: string, input: HouseholdInput): Promise<Household> {
  return data.households.create(organizerId, input);
}

export function updateHousehold(data: PartyData, organizerId: string, householdId: string, input: HouseholdInput) {
  return data.households.update(organizerId, householdId, input);
}

export function addPerson(data: PartyData, organizerId: string, householdId: string, input: PersonInput) {
  return data.households.addPerson(organizerId, householdId, input);
}

export function updatePerson(
  data: PartyData,
  organizerId: string,
  householdId: string,
  personId: string,
  input: PersonInput,
) {
  return data.households.updatePerson(organizerId, householdId, personId, input);
}
