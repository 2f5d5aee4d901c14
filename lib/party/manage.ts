import type { PartyEvent } from "../data/events";
import type { Household } from "../data/households";
import type { Invitation } from "../data/invitations";
import type { PartyData } from "../data/party";
import type { PotluckItem, PotluckItemInput } from "../data/potluck";
import type { Result } from "../data/records";
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
