import { z } from "zod";
import { defineRecord } from "./collection";
import { dietaryNotesSchema, dietaryTagsSchema } from "./dietary";
import { MAX_PEOPLE_PER_HOUSEHOLD } from "./people";
import { idSchema, timestampSchema, versionSchema } from "./records";

/**
 * Answers. Each invitation has one response record, `responses:<invitation id>`, created and removed in the
 * same commits as the invitation: the answers of its people (one per person, by person id) and the
 * household's note to the host. Its id is the invitation's, so an event's answers are read through the
 * event's invitation index in one round trip, and a guest's save is one versioned write: all of a
 * household's answers are saved together or not at all.
 */

export const RESPONSE_STATUSES = ["attending", "not_attending", "maybe"] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export const RESPONSE_LABELS: Record<ResponseStatus | "no_reply", string> = {
  attending: "Attending",
  not_attending: "Not attending",
  maybe: "Maybe",
  no_reply: "No reply",
};

export const MAX_NOTE_LENGTH = 1000;

export const answerSchema = z.object({
  status: z.enum(RESPONSE_STATUSES),
  /** The person's restrictions as the guest confirmed them on the RSVP page. */
  dietaryTags: dietaryTagsSchema,
  dietaryNotes: z.string().max(300),
  /** The organizer entered this answer on the guest's behalf. */
  setByHost: z.boolean(),
  updatedAt: timestampSchema,
  /**
   * Set while an "attending" answer waits for a place (the event was full when it was given): since when, so
   * the waitlist is shown in order. Absent on every other answer, and on answers stored before capacity was
   * enforced.
   */
  waitlistedAt: timestampSchema.optional(),
});

export type Answer = z.infer<typeof answerSchema>;

export const responseRecordSchema = z.object({
  invitationId: idSchema,
  eventId: idSchema,
  householdId: idSchema,
  organizerId: idSchema,
  /** By person id; no entry is "no reply". */
  answers: z
    .record(idSchema, answerSchema)
    .refine((answers) => Object.keys(answers).length <= MAX_PEOPLE_PER_HOUSEHOLD, { error: "Too many answers" }),
  note: z.string().max(MAX_NOTE_LENGTH),
  noteUpdatedAt: timestampSchema.nullable(),
  updatedAt: timestampSchema,
  version: versionSchema,
});

export type ResponseRecord = z.infer<typeof responseRecordSchema>;

export const RESPONSES = defineRecord<ResponseRecord>({
  namespace: "responses",
  label: "response",
  schema: responseRecordSchema,
  id: (r) => r.invitationId,
  owners: (r) => [r.organizerId],
  // Read through the invitations' sets (same ids): no set of its own.
  indexes: [],
  unique: [],
  parents: (r) => [`invitations:${r.invitationId}`],
});

/** One person's answer to one event, as pages show it. */
export interface RsvpResponse {
  eventId: string;
  householdId: string;
  personId: string;
  status: ResponseStatus;
  dietaryTags: Answer["dietaryTags"];
  dietaryNotes: string;
  setByHost: boolean;
  updatedAt: number;
  waitlistedAt?: number;
}

export interface HouseholdNote {
  eventId: string;
  householdId: string;
  note: string;
  updatedAt: number;
}

export function answerOf(record: ResponseRecord | null | undefined, personId: string): RsvpResponse | null {
  if (!record || !Object.hasOwn(record.answers, personId)) return null;
  const answer = record.answers[personId]!;
  return { eventId: record.eventId, householdId: record.householdId, personId, ...answer };
}

export function noteOf(record: ResponseRecord | null | undefined): HouseholdNote | null {
  if (!record || record.note === "") return null;
  return {
    eventId: record.eventId,
    householdId: record.householdId,
    note: record.note,
    updatedAt: record.noteUpdatedAt ?? record.updatedAt,
  };
}

/** An "attending" answer that holds a place (not one waiting on the waitlist). */
export function holdsPlace(answer: Pick<Answer, "status" | "waitlistedAt"> | undefined): boolean {
  return answer?.status === "attending" && answer.waitlistedAt === undefined;
}

/**
 * Gives places to a household's "attending" answers while the event has some: `free` is the capacity minus
 * the places other households hold (null: no capacity). People who already held a place keep it; then those
 * already waiting (longest first), then new ones; whoever finds no place waits on the waitlist. Decided on the
 * event's summary as read in the same commit (see repo-rsvps), so two households can never take the same place.
 */
export function seatAnswers(
  previous: Readonly<Record<string, Answer>>,
  next: Record<string, Answer>,
  free: number | null,
  now: number,
): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  const wanting: string[] = [];
  let left = free ?? Infinity;
  for (const [personId, answer] of Object.entries(next)) {
    const { waitlistedAt: _waiting, ...rest } = answer;
    if (answer.status !== "attending") out[personId] = rest;
    else if (holdsPlace(Object.hasOwn(previous, personId) ? previous[personId] : undefined)) {
      out[personId] = rest;
      left -= 1;
    } else wanting.push(personId);
  }
  const since = (personId: string) =>
    Object.hasOwn(previous, personId) ? (previous[personId]!.waitlistedAt ?? now) : now;
  wanting.sort((a, b) => since(a) - since(b));
  for (const personId of wanting) {
    const { waitlistedAt: _waiting, ...rest } = next[personId]!;
    if (left > 0) {
      out[personId] = rest;
      left -= 1;
    } else out[personId] = { ...rest, waitlistedAt: since(personId) };
  }
  return out;
}

/** The record without the answers of people not in `personIds` (people removed from the household). */
export function keepAnswersOf(record: ResponseRecord, personIds: ReadonlySet<string>): ResponseRecord {
  const answers = Object.fromEntries(Object.entries(record.answers).filter(([personId]) => personIds.has(personId)));
  return { ...record, answers };
}

/** One person's part of the guest form. An empty status leaves that person unanswered. */
export const personAnswerInputSchema = z.object({
  personId: idSchema,
  status: z.enum([...RESPONSE_STATUSES, ""], { error: "Choose attending, not attending or maybe" }),
  dietaryTags: dietaryTagsSchema,
  dietaryNotes: dietaryNotesSchema,
});

export const NO_ANSWER_MESSAGE = "Choose an answer for at least one person: attending, maybe or not attending.";

export const guestAnswersInputSchema = z
  .object({
    people: z.array(personAnswerInputSchema).max(50),
    note: z.string().trim().max(MAX_NOTE_LENGTH, { error: "Keep the note under 1000 characters" }),
  })
  // A form sent with nothing chosen would be "saved" while changing nothing: ask for an answer instead.
  .refine((input) => input.people.length === 0 || input.people.some((p) => p.status !== ""), {
    path: ["people"],
    error: NO_ANSWER_MESSAGE,
  });

export type GuestAnswersInput = z.output<typeof guestAnswersInputSchema>;

/** The organizer's "set answer" control; "no_reply" clears the answer. */
export const hostAnswerInputSchema = z.object({
  personId: idSchema,
  status: z.enum([...RESPONSE_STATUSES, "no_reply"], { error: "Choose an answer" }),
});
