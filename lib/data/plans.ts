import type { UnitOfWork } from "./commit";
import type { EventFamily } from "./db";
import { EVENTS } from "./events";
import { guestListOf, HOUSEHOLDS, type Household } from "./households";
import { INVITATIONS, type Invitation } from "./invitations";
import type { GuestList } from "./people";
import { claimOf, POTLUCK_ITEMS, withClaim } from "./potluck";
import { keepAnswersOf, RESPONSES, type ResponseRecord } from "./rsvps";
import {
  addTally,
  EMPTY_TALLY,
  householdTally,
  moveSummary,
  SUMMARIES,
  type EventSummary,
  type Tally,
} from "./summaries";

/**
 * The shared parts of the changes that span several records, as plans over a UnitOfWork: each says what the
 * new state is, and the unit of work turns that into one guarded commit. Cascades compose by calling several
 * plans on one unit of work, which writes each record once.
 */

export function emptyResponse(invitation: Invitation, now: number): ResponseRecord {
  return {
    invitationId: invitation.id,
    eventId: invitation.eventId,
    householdId: invitation.householdId,
    organizerId: invitation.organizerId,
    answers: {},
    plusOnes: [],
    note: "",
    noteUpdatedAt: null,
    updatedAt: now,
    version: 1,
  };
}

/** What one invitation adds to its event's counts. */
export function invitationTally(
  invitation: Pick<Invitation, "guests">,
  response: Pick<ResponseRecord, "answers" | "plusOnes"> | null | undefined,
): Tally {
  return householdTally(invitation.guests, response?.answers ?? {}, response?.plusOnes ?? []);
}

/**
 * Moves an event's summary from `before` to `after`: an adjustment (UnitOfWork.adjust), so a change that only
 * moves the counts is rebased when another moved them first, unless the change also read the summary to
 * decide something (a cascade does: see planUninvite).
 */
export function planSummaryMove(work: UnitOfWork, summary: EventSummary, before: Tally, after: Tally): void {
  work.adjust(SUMMARIES, summary, (current) => moveSummary(current, before, after, work.now));
}

export const ITEM_TALLY: Tally = { ...EMPTY_TALLY, potluckItems: 1 };

/**
 * Takes an invitation off its event: the invitation (its link and its pair with them), its answers and note,
 * the potluck items its household added, and its household's claims on the others. Every item of the event
 * is read into the commit, so a claim that lands meanwhile makes the whole change be decided again.
 */
export function planUninvite(work: UnitOfWork, family: EventFamily, invitation: Invitation): void {
  // Read to decide: anything added to the event after this read (a host's dish) moved the summary, and the
  // whole uninvite is then decided again rather than rebased past it.
  work.read(SUMMARIES, family.summary);
  const current = work.read(INVITATIONS, invitation);
  const response = family.responses.get(current.id);
  const householdId = current.householdId;
  let removedItems = 0;
  for (const item of family.items) {
    const staged = work.read(POTLUCK_ITEMS, item);
    if (staged === null) continue;
    if (staged.addedByHouseholdId === householdId) {
      work.remove(POTLUCK_ITEMS, staged);
      removedItems += 1;
    } else if (claimOf(staged, householdId) > 0) {
      const released = withClaim(staged, householdId, 0, work.now);
      if (!("ok" in released)) work.put(POTLUCK_ITEMS, { ...released, updatedAt: work.now });
    }
  }
  const before = invitationTally(current, response ? work.read(RESPONSES, response) : null);
  planSummaryMove(work, family.summary, { ...before, potluckItems: removedItems }, EMPTY_TALLY);
  if (response) work.remove(RESPONSES, work.read(RESPONSES, response));
  work.remove(INVITATIONS, current);
}

/** Deletes an event with everything that hangs off it, in one commit. */
export function planDeleteEvent(work: UnitOfWork, family: EventFamily): void {
  work.remove(EVENTS, work.read(EVENTS, family.event));
  work.remove(SUMMARIES, work.read(SUMMARIES, family.summary));
  for (const invitation of family.invitations) {
    work.remove(INVITATIONS, work.read(INVITATIONS, invitation));
    const response = family.responses.get(invitation.id);
    if (response) work.remove(RESPONSES, work.read(RESPONSES, response));
  }
  for (const item of family.items) work.remove(POTLUCK_ITEMS, work.read(POTLUCK_ITEMS, item));
  for (const { setKey, member } of family.dangling) work.dropIndexEntry(setKey, member);
}

export interface HouseholdInvitations {
  invitation: Invitation;
  response: ResponseRecord | null;
  summary: EventSummary;
}

/**
 * Writes a household's new state, and keeps every event it is invited to in step in the same commit: the
 * invitation's copy of its people, the answers of people who left it, and the event's counts.
 */
export function planHouseholdChange(
  work: UnitOfWork,
  previous: Household,
  next: Household,
  invited: readonly HouseholdInvitations[],
): Household {
  work.read(HOUSEHOLDS, previous);
  const stored = work.put(HOUSEHOLDS, next);
  const guests: GuestList = guestListOf(next);
  const people = new Set(next.people.map((p) => p.id));
  for (const { invitation, response, summary } of invited) {
    const currentInvitation = work.read(INVITATIONS, invitation);
    const currentResponse = response ? work.read(RESPONSES, response) : null;
    const keptResponse = currentResponse ? keepAnswersOf(currentResponse, people) : null;
    const before = invitationTally(currentInvitation, currentResponse);
    const after = householdTally(guests, keptResponse?.answers ?? {}, keptResponse?.plusOnes ?? []);
    work.put(INVITATIONS, { ...currentInvitation, guests });
    if (
      currentResponse &&
      keptResponse &&
      Object.keys(keptResponse.answers).length !== Object.keys(currentResponse.answers).length
    ) {
      work.put(RESPONSES, { ...keptResponse, updatedAt: work.now });
    }
    planSummaryMove(work, summary, before, after);
  }
  return stored;
}

/** An event's counts recomputed from its records (the seed, the migration and the consistency check). */
export function recountTally(
  invitations: readonly Invitation[],
  responses: ReadonlyMap<string, Pick<ResponseRecord, "answers" | "plusOnes">>,
  itemCount: number,
): Tally {
  let tally: Tally = { ...EMPTY_TALLY, potluckItems: itemCount };
  for (const invitation of invitations)
    tally = addTally(tally, invitationTally(invitation, responses.get(invitation.id)));
  return tally;
}
