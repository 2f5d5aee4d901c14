import { z } from "zod";
import type { AppStore } from "../storage/types";
import { dietaryNotesSchema, dietaryTagsSchema } from "./dietary";
import { idSchema, isId, readRecord, timestampSchema } from "./records";

/**
 * Answers. Each person's answer to an event is its own key (`rsvps:<event>:<person>`), and each household's
 * note to the host too, so 100 guests answering at once write 100 different keys: nothing to merge, nothing
 * lost. No answer yet is simply no key.
 */

export const RESPONSE_STATUSES = ["attending", "not_attending", "maybe"] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export const RESPONSE_LABELS: Record<ResponseStatus | "no_reply", string> = {
  attending: "Attending",
  not_attending: "Not attending",
  maybe: "Maybe",
  no_reply: "No reply",
};

export const responseSchema = z.object({
  eventId: idSchema,
  householdId: idSchema,
  personId: idSchema,
  status: z.enum(RESPONSE_STATUSES),
  /** The person's restrictions as the guest confirmed them on the RSVP page. */
  dietaryTags: dietaryTagsSchema,
  dietaryNotes: z.string().max(300),
  /** The organizer entered this answer on the guest's behalf. */
  setByHost: z.boolean(),
  updatedAt: timestampSchema,
});

export type RsvpResponse = z.infer<typeof responseSchema>;

export const householdNoteSchema = z.object({
  eventId: idSchema,
  householdId: idSchema,
  note: z.string().max(1000),
  updatedAt: timestampSchema,
});

export type HouseholdNote = z.infer<typeof householdNoteSchema>;

/** One person's part of the guest form. An empty status leaves that person unanswered. */
export const personAnswerInputSchema = z.object({
  personId: idSchema,
  status: z.enum([...RESPONSE_STATUSES, ""], { error: "Choose attending, not attending or maybe" }),
  dietaryTags: dietaryTagsSchema,
  dietaryNotes: dietaryNotesSchema,
});

export const guestAnswersInputSchema = z.object({
  people: z.array(personAnswerInputSchema).max(50),
  note: z.string().trim().max(1000, { error: "Keep the note under 1000 characters" }),
});

export type GuestAnswersInput = z.output<typeof guestAnswersInputSchema>;

/** The organizer's "set answer" control; "no_reply" clears the answer. */
export const hostAnswerInputSchema = z.object({
  personId: idSchema,
  status: z.enum([...RESPONSE_STATUSES, "no_reply"], { error: "Choose an answer" }),
});

const responseKey = (eventId: string, personId: string) => `rsvps:${eventId}:${personId}`;
const noteKey = (eventId: string, householdId: string) => `rsvp-notes:${eventId}:${householdId}`;

export type RsvpRepository = ReturnType<typeof createRsvpRepository>;

export function createRsvpRepository(store: AppStore) {
  return {
    async get(eventId: string, personId: string): Promise<RsvpResponse | null> {
      if (!isId(eventId) || !isId(personId)) return null;
      const response = await readRecord(store, responseKey(eventId, personId), responseSchema);
      return response && response.eventId === eventId && response.personId === personId ? response : null;
    },

    /** Answers of the given people to one event, by person id (the people come from the invited households). */
    async getForPeople(eventId: string, personIds: string[]): Promise<Map<string, RsvpResponse>> {
      const ids = [...new Set(personIds.filter(isId))];
      const responses = await Promise.all(
        ids.map((personId) => readRecord(store, responseKey(eventId, personId), responseSchema)),
      );
      const map = new Map<string, RsvpResponse>();
      for (const r of responses) if (r && r.eventId === eventId) map.set(r.personId, r);
      return map;
    },

    async getNotes(eventId: string, householdIds: string[]): Promise<Map<string, HouseholdNote>> {
      const ids = [...new Set(householdIds.filter(isId))];
      const notes = await Promise.all(ids.map((h) => readRecord(store, noteKey(eventId, h), householdNoteSchema)));
      const map = new Map<string, HouseholdNote>();
      for (const n of notes) if (n && n.eventId === eventId) map.set(n.householdId, n);
      return map;
    },

    /** The caller has checked that the person belongs to the household invited to the event. */
    async setResponse(response: RsvpResponse): Promise<RsvpResponse> {
      const valid = responseSchema.parse(response);
      await store.set(responseKey(valid.eventId, valid.personId), valid);
      return valid;
    },

    async clearResponse(eventId: string, personId: string): Promise<void> {
      if (isId(eventId) && isId(personId)) await store.remove(responseKey(eventId, personId));
    },

    async setNote(note: HouseholdNote): Promise<void> {
      const valid = householdNoteSchema.parse(note);
      if (valid.note === "") await store.remove(noteKey(valid.eventId, valid.householdId));
      else await store.set(noteKey(valid.eventId, valid.householdId), valid);
    },

    /** Forgets a household's answers to an event (when it is taken off the guest list or deleted). */
    async removeHousehold(eventId: string, householdId: string, personIds: string[]): Promise<void> {
      await Promise.all([
        ...personIds.filter(isId).map((p) => store.remove(responseKey(eventId, p))),
        isId(householdId) ? store.remove(noteKey(eventId, householdId)) : Promise.resolve(),
      ]);
    },
  };
}
