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
  return { eventId: record.eventId, householdId: record.householdId, note: record.note, updatedAt: record.noteUpdatedAt ?? record.updatedAt };
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

export const guestAnswersInputSchema = z.object({
  people: z.array(personAnswerInputSchema).max(50),
  note: z.string().trim().max(MAX_NOTE_LENGTH, { error: "Keep the note under 1000 characters" }),
});

export type GuestAnswersInput = z.output<typeof guestAnswersInputSchema>;

/** The organizer's "set answer" control; "no_reply" clears the answer. */
export const hostAnswerInputSchema = z.object({
  personId: idSchema,
  status: z.enum([...RESPONSE_STATUSES, "no_reply"], { error: "Choose an answer" }),
});
