import { z } from "zod";
import { defineRecord } from "./collection";
import { dietaryNotesSchema, dietaryTagsSchema } from "./dietary";
import { MAX_PEOPLE_PER_HOUSEHOLD, MAX_PLUS_ONES } from "./people";
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

export const MAX_PLUS_ONE_NAME = 80;

/**
 * An extra guest a household brings (a "plus-one"), named on its RSVP page within the invitation's
 * `plusOnesAllowed`. A plus-one comes when someone of the household answers "attending" (see plusOnesComing),
 * and then needs a place like anyone else: `waitlistedAt` as on an Answer.
 */
export const plusOneSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(MAX_PLUS_ONE_NAME),
  dietaryTags: dietaryTagsSchema,
  dietaryNotes: z.string().max(300),
  waitlistedAt: timestampSchema.optional(),
});

export type PlusOne = z.infer<typeof plusOneSchema>;

export const responseRecordSchema = z.object({
  invitationId: idSchema,
  eventId: idSchema,
  householdId: idSchema,
  organizerId: idSchema,
  /** By person id; no entry is "no reply". */
  answers: z
    .record(idSchema, answerSchema)
    .refine((answers) => Object.keys(answers).length <= MAX_PEOPLE_PER_HOUSEHOLD, { error: "Too many answers" }),
  /** The household's extra guests (absent in responses stored before plus-ones existed). */
  plusOnes: z.array(plusOneSchema).max(MAX_PLUS_ONES).default([]),
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

/** A household's plus-ones come with it: when at least one of its people answered "attending". */
export function plusOnesComing(answers: Readonly<Record<string, Pick<Answer, "status">>>): boolean {
  return Object.values(answers).some((a) => a.status === "attending");
}

/** What seating decides on: a household's answers and its plus-ones. */
export type Seating = Pick<ResponseRecord, "answers" | "plusOnes">;

const withoutWait = <T extends { waitlistedAt?: number }>(value: T): Omit<T, "waitlistedAt"> => {
  const { waitlistedAt: _waiting, ...rest } = value;
  return rest;
};

/**
 * Gives places to a household's "attending" answers and to its plus-ones while the event has some: `free` is
 * the capacity minus the places other households hold (null: no capacity). Whoever already held a place keeps
 * it (people, then plus-ones); then people waiting or new (longest waiting first), then plus-ones the same way;
 * whoever finds no place waits on the waitlist. Plus-ones of a household where nobody attends take no place
 * and do not wait. Decided on the event's summary as read in the same commit (see repo-rsvps), so two
 * households can never take the same place.
 */
export function seatResponse(previous: Seating, next: Seating, free: number | null, now: number): Seating {
  const answers: Record<string, Answer> = {};
  let left = free ?? Infinity;
  const wanting: string[] = [];
  for (const [personId, answer] of Object.entries(next.answers)) {
    if (answer.status !== "attending") answers[personId] = withoutWait(answer);
    else if (holdsPlace(Object.hasOwn(previous.answers, personId) ? previous.answers[personId] : undefined)) {
      answers[personId] = withoutWait(answer);
      left -= 1;
    } else wanting.push(personId);
  }
  const coming = plusOnesComing(next.answers);
  const wasComing = plusOnesComing(previous.answers);
  const before = new Map(previous.plusOnes.map((p) => [p.id, p]));
  const plusOnes: PlusOne[] = next.plusOnes.map(withoutWait);
  const wantingPlus: number[] = [];
  if (coming) {
    next.plusOnes.forEach((plusOne, i) => {
      const was = before.get(plusOne.id);
      if (wasComing && was && was.waitlistedAt === undefined) left -= 1;
      else wantingPlus.push(i);
    });
  }
  const since = (personId: string) =>
    Object.hasOwn(previous.answers, personId) ? (previous.answers[personId]!.waitlistedAt ?? now) : now;
  wanting.sort((a, b) => since(a) - since(b));
  for (const personId of wanting) {
    const rest = withoutWait(next.answers[personId]!);
    if (left > 0) {
      answers[personId] = rest;
      left -= 1;
    } else answers[personId] = { ...rest, waitlistedAt: since(personId) };
  }
  const plusSince = (i: number) => (wasComing ? before.get(next.plusOnes[i]!.id)?.waitlistedAt : undefined) ?? now;
  wantingPlus.sort((a, b) => plusSince(a) - plusSince(b) || a - b);
  for (const i of wantingPlus) {
    if (left > 0) left -= 1;
    else plusOnes[i] = { ...plusOnes[i]!, waitlistedAt: plusSince(i) };
  }
  return { answers, plusOnes };
}

/** The places a household holds: its seated "attending" people and, when they come, its seated plus-ones. */
export function placesHeld(seating: Seating): number {
  const people = Object.values(seating.answers).filter(holdsPlace).length;
  if (!plusOnesComing(seating.answers)) return people;
  return people + seating.plusOnes.filter((p) => p.waitlistedAt === undefined).length;
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

/**
 * One row of the plus-one fields. `id` names a plus-one the household named before (kept, with its place),
 * empty for a new row. A row with no name and no dietary needs is an empty row and is dropped.
 */
export const plusOneInputSchema = z.object({
  id: z.union([idSchema, z.literal("")], { error: "This guest row is not valid" }),
  name: z
    .string()
    .trim()
    .max(MAX_PLUS_ONE_NAME, { error: `Keep the guest's name under ${MAX_PLUS_ONE_NAME} characters` }),
  dietaryTags: dietaryTagsSchema,
  dietaryNotes: dietaryNotesSchema,
});

export type PlusOneInput = z.output<typeof plusOneInputSchema>;

export const PLUS_ONE_NAME_MESSAGE = "Enter this guest's name, or clear their dietary needs";
export const PLUS_ONES_NEED_ATTENDING_MESSAGE =
  "Guests come with your household: answer “Attending” for at least one person, or clear the guests' names.";

export const guestAnswersInputSchema = z
  .object({
    people: z.array(personAnswerInputSchema).max(50),
    plusOnes: z
      .array(plusOneInputSchema)
      .max(MAX_PLUS_ONES, { error: `At most ${MAX_PLUS_ONES} guests` })
      .default([]),
    note: z.string().trim().max(MAX_NOTE_LENGTH, { error: "Keep the note under 1000 characters" }),
  })
  // A form sent with nothing chosen would be "saved" while changing nothing: ask for an answer instead.
  .refine((input) => input.people.length === 0 || input.people.some((p) => p.status !== ""), {
    path: ["people"],
    error: NO_ANSWER_MESSAGE,
  })
  .superRefine((input, ctx) => {
    input.plusOnes.forEach((row, i) => {
      if (row.name === "" && (row.dietaryTags.length > 0 || row.dietaryNotes !== ""))
        ctx.addIssue({ code: "custom", path: ["plusOnes", i, "name"], message: PLUS_ONE_NAME_MESSAGE });
    });
    const named = input.plusOnes.some((row) => row.name !== "");
    if (named && input.people.length > 0 && !input.people.some((p) => p.status === "attending"))
      ctx.addIssue({ code: "custom", path: ["plusOnes"], message: PLUS_ONES_NEED_ATTENDING_MESSAGE });
  })
  // Empty rows are the form's spare fields, not guests.
  .transform((input) => ({ ...input, plusOnes: input.plusOnes.filter((row) => row.name !== "") }));

/** `plusOnes` absent: the household's plus-ones stay as they are (callers that do not offer the fields). */
export type GuestAnswersInput = Omit<z.output<typeof guestAnswersInputSchema>, "plusOnes"> & {
  plusOnes?: PlusOneInput[];
};

/** The organizer's "set answer" control; "no_reply" clears the answer. */
export const hostAnswerInputSchema = z.object({
  personId: idSchema,
  status: z.enum([...RESPONSE_STATUSES, "no_reply"], { error: "Choose an answer" }),
});
