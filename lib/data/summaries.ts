import { z } from "zod";
import { defineRecord } from "./collection";
import type { GuestList } from "./people";
import { idSchema, timestampSchema, versionSchema } from "./records";

/**
 * `event-summaries:<event id>`: an event's counts, kept in the same commit as every change that moves them
 * (an invitation, an answer, a person added to an invited household, a potluck item). The dashboard reads
 * them through the organizer's event index in one round trip, whatever the size of the guest lists; and
 * because every change to what hangs off an event writes its summary, a commit guarded by the summary's
 * version (deleting the event, a household's tenth potluck suggestion) knows nothing was added meanwhile.
 */

const count = z.number().int().nonnegative();

export const tallySchema = z.object({
  households: count,
  invited: count,
  attending: count,
  notAttending: count,
  maybe: count,
  adultsAttending: count,
  childrenAttending: count,
  potluckItems: count,
  /** People whose "attending" waits for a place (see rsvps seatAnswers); absent in summaries from before. */
  waitlisted: count.default(0),
  /** Plus-ones holding a place (counted in `attending` too); absent in summaries from before plus-ones. */
  plusOnesAttending: count.default(0),
});

export type Tally = z.infer<typeof tallySchema>;

export const eventSummarySchema = tallySchema.extend({
  eventId: idSchema,
  organizerId: idSchema,
  updatedAt: timestampSchema,
  version: versionSchema,
});

export type EventSummary = z.infer<typeof eventSummarySchema>;

export const SUMMARIES = defineRecord<EventSummary>({
  namespace: "event-summaries",
  label: "event summary",
  schema: eventSummarySchema,
  id: (s) => s.eventId,
  owners: (s) => [s.organizerId],
  // Read through the events' index (same ids): no set of its own.
  indexes: [],
  unique: [],
  parents: (s) => [`events:${s.eventId}`],
});

export const EMPTY_TALLY: Tally = Object.freeze({
  households: 0,
  invited: 0,
  attending: 0,
  notAttending: 0,
  maybe: 0,
  adultsAttending: 0,
  childrenAttending: 0,
  potluckItems: 0,
  waitlisted: 0,
  plusOnesAttending: 0,
});

export type AnswerStatus = "attending" | "not_attending" | "maybe";

/**
 * What one invited household adds to its event's counts, from its guest list, its answers and its plus-ones.
 * Plus-ones count (as invited, and attending or waitlisted) only while someone of the household attends.
 */
export function householdTally(
  guests: GuestList,
  answers: Readonly<Record<string, { status: AnswerStatus; waitlistedAt?: number }>>,
  plusOnes: readonly { waitlistedAt?: number }[] = [],
): Tally {
  const tally: Tally = { ...EMPTY_TALLY, households: 1 };
  for (const person of guests.people) {
    tally.invited += 1;
    const status = Object.hasOwn(answers, person.id) ? answers[person.id]!.status : null;
    if (status === "attending" && answers[person.id]!.waitlistedAt !== undefined) tally.waitlisted += 1;
    else if (status === "attending") {
      tally.attending += 1;
      if (person.ageGroup === "child") tally.childrenAttending += 1;
      else tally.adultsAttending += 1;
    } else if (status === "not_attending") tally.notAttending += 1;
    else if (status === "maybe") tally.maybe += 1;
  }
  if (Object.values(answers).some((a) => a.status === "attending")) {
    for (const plusOne of plusOnes) {
      tally.invited += 1;
      if (plusOne.waitlistedAt !== undefined) tally.waitlisted += 1;
      else {
        tally.attending += 1;
        tally.plusOnesAttending += 1;
      }
    }
  }
  return tally;
}

/** a + sign * b, field by field. */
export function addTally(a: Tally, b: Tally, sign: 1 | -1 = 1): Tally {
  const out = { ...a };
  for (const key of Object.keys(EMPTY_TALLY) as (keyof Tally)[]) out[key] = a[key] + sign * b[key];
  return out;
}

export function tallyOf(summary: Tally): Tally {
  const out = { ...EMPTY_TALLY };
  for (const key of Object.keys(EMPTY_TALLY) as (keyof Tally)[]) out[key] = summary[key];
  return out;
}

export function sameTally(a: Tally, b: Tally): boolean {
  return (Object.keys(EMPTY_TALLY) as (keyof Tally)[]).every((key) => a[key] === b[key]);
}

/**
 * The summary moved by `before` -> `after` (a household's contribution, or an item count). A count below zero
 * can only come from reads that straddled another commit (the summary read before it, the answers after);
 * that commit moved the summary, so the guard on it refuses this one and it is decided again. Until then the
 * count stays at zero rather than failing the schema.
 */
export function moveSummary(summary: EventSummary, before: Tally, after: Tally, now: number): EventSummary {
  const moved = addTally(addTally(tallyOf(summary), before, -1), after);
  for (const key of Object.keys(moved) as (keyof Tally)[]) moved[key] = Math.max(0, moved[key]);
  return { ...summary, ...moved, updatedAt: now };
}

export interface RsvpCounts {
  households: number;
  invited: number;
  attending: number;
  notAttending: number;
  maybe: number;
  noReply: number;
  adultsAttending: number;
  childrenAttending: number;
  /** Plus-ones with a place (also in `attending`, in neither adults nor children). */
  plusOnesAttending: number;
  capacity: number | null;
  /** Want to come, waiting for a place. */
  waitlisted: number;
  /** Attending minus capacity when positive. */
  overCapacity: number;
}

export function rsvpCounts(tally: Tally, capacity: number | null): RsvpCounts {
  return {
    households: tally.households,
    invited: tally.invited,
    attending: tally.attending,
    notAttending: tally.notAttending,
    maybe: tally.maybe,
    noReply: tally.invited - tally.attending - tally.notAttending - tally.maybe - tally.waitlisted,
    waitlisted: tally.waitlisted,
    adultsAttending: tally.adultsAttending,
    childrenAttending: tally.childrenAttending,
    plusOnesAttending: tally.plusOnesAttending,
    capacity,
    overCapacity: capacity === null ? 0 : Math.max(0, tally.attending - capacity),
  };
}
