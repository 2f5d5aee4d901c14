import { recordKey } from "./collection";
import { transact } from "./commit";
import type { PartyDb } from "./db";
import { EVENTS, type PartyEvent } from "./events";
import { INVITATIONS, type Invitation } from "./invitations";
import { invitationTally, planSummaryMove } from "./plans";
import { fail, isId, ok, type Result } from "./records";
import {
  answerOf,
  noteOf,
  RESPONSES,
  type Answer,
  type GuestAnswersInput,
  type HouseholdNote,
  type ResponseRecord,
  type ResponseStatus,
  type RsvpResponse,
} from "./rsvps";
import { SUMMARIES } from "./summaries";

export type RsvpRepository = ReturnType<typeof createRsvpRepository>;

/** What an answer may depend on besides the invitation: the event being open, checked on the event as read. */
export type AnswerGate = (event: PartyEvent) => boolean;

export function createRsvpRepository(db: PartyDb) {
  const { store } = db;

  /** An event's responses (read through its invitation index, one round trip). */
  const forEvent = (eventId: string) => db.responses.listBy("event-invitations", eventId, { sharedWith: INVITATIONS });

  /**
   * Reads, in one round trip, what an answer to an invitation is decided on: the invitation, its response,
   * its event and the event's summary.
   */
  async function readForAnswer(invitationId: string) {
    const invitation = await db.invitations.get(invitationId);
    if (!invitation) return null;
    const [response, event, summary] = await store.getMany([
      recordKey(RESPONSES, invitation.id),
      recordKey(EVENTS, invitation.eventId),
      recordKey(SUMMARIES, invitation.eventId),
    ]);
    const parsed = {
      response: RESPONSES.schema.safeParse(response),
      event: EVENTS.schema.safeParse(event),
      summary: SUMMARIES.schema.safeParse(summary),
    };
    if (!parsed.response.success || !parsed.event.success || !parsed.summary.success) return null;
    return { invitation, response: parsed.response.data, event: parsed.event.data, summary: parsed.summary.data };
  }

  /**
   * Writes a response (answers and note) with the event's counts moved to match, guarded by the invitation,
   * the response, the event and its summary as read: a guest's save and an organizer's uninvite or edit can
   * never interleave.
   */
  function saveResponse<R extends string>(
    invitationId: string,
    what: string,
    decide: (found: { invitation: Invitation; response: ResponseRecord; event: PartyEvent }) => ResponseRecord | { ok: false; reason: R | "not-found" },
  ): Promise<Result<ResponseRecord, R | "not-found">> {
    return transact(store, { what }, async (work) => {
      const found = await readForAnswer(invitationId);
      if (!found) return fail("not-found");
      const invitation = work.read(INVITATIONS, found.invitation);
      const event = work.read(EVENTS, found.event);
      const response = work.read(RESPONSES, found.response);
      const next = decide({ invitation, response, event });
      if ("ok" in next) return next;
      planSummaryMove(work, found.summary, invitationTally(invitation, response), invitationTally(invitation, next));
      return ok(work.put(RESPONSES, next));
    });
  }

  return {
    /** One person's answer to an event (a scan of the event's responses: for tests and tools, not pages). */
    async get(eventId: string, personId: string): Promise<RsvpResponse | null> {
      if (!isId(eventId) || !isId(personId)) return null;
      for (const response of await forEvent(eventId)) {
        const answer = answerOf(response, personId);
        if (answer) return answer;
      }
      return null;
    },

    forEvent,
    forInvitation: (invitationId: string) => db.responses.get(invitationId),

    /** Answers of the given people to one event, by person id. */
    async getForPeople(eventId: string, personIds: string[]): Promise<Map<string, RsvpResponse>> {
      const wanted = new Set(personIds);
      const map = new Map<string, RsvpResponse>();
      for (const response of await forEvent(eventId)) {
        for (const personId of Object.keys(response.answers)) {
          if (wanted.has(personId)) map.set(personId, answerOf(response, personId)!);
        }
      }
      return map;
    },

    async getNotes(eventId: string, householdIds: string[]): Promise<Map<string, HouseholdNote>> {
      const wanted = new Set(householdIds);
      const map = new Map<string, HouseholdNote>();
      for (const response of await forEvent(eventId)) {
        const note = noteOf(response);
        if (note && wanted.has(response.householdId)) map.set(response.householdId, note);
      }
      return map;
    },

    /**
     * A household's answers from its RSVP link: only its own people (as the invitation lists them), only
     * through the link it was opened with, and only while `gate` says the event takes answers. All or nothing.
     */
    answerAsGuest(
      invitationId: string,
      tokenHash: string,
      input: GuestAnswersInput,
      gate: AnswerGate,
      now = Date.now(),
    ): Promise<Result<{ saved: number }, "not-found" | "closed">> {
      let saved = 0;
      return saveResponse<"closed">(invitationId, "save answers", ({ invitation, response, event }) => {
        if (invitation.tokenHash !== tokenHash || invitation.revokedAt !== null) return fail("not-found");
        if (!gate(event)) return fail("closed");
        const people = new Set(invitation.guests.people.map((p) => p.id));
        if (input.people.some((a) => !people.has(a.personId))) return fail("not-found");
        const answers: Record<string, Answer> = { ...response.answers };
        saved = 0;
        for (const answer of input.people) {
          if (answer.status === "") continue;
          saved += 1;
          answers[answer.personId] = {
            status: answer.status,
            dietaryTags: answer.dietaryTags,
            dietaryNotes: answer.dietaryNotes,
            setByHost: false,
            updatedAt: now,
          };
        }
        const noteChanged = input.note !== response.note;
        return { ...response, answers, note: input.note, noteUpdatedAt: noteChanged ? now : response.noteUpdatedAt, updatedAt: now };
      }).then((result) => (result.ok ? ok({ saved }) : result));
    },

    /** The organizer answers for a guest of one of their events ("set by host"); "no_reply" clears it. */
    async answerForGuest(
      organizerId: string,
      eventId: string,
      personId: string,
      status: ResponseStatus | "no_reply",
      now = Date.now(),
    ): Promise<Result<RsvpResponse | null>> {
      if (!isId(eventId) || !isId(personId)) return fail("not-found");
      const invitations = await db.invitations.listBy("event-invitations", eventId);
      const invitation = invitations.find((i) => i.organizerId === organizerId && i.guests.people.some((p) => p.id === personId));
      if (!invitation) return fail("not-found");
      const result = await saveResponse<never>(invitation.id, "set answer", ({ invitation: current, response, event }) => {
        const person = current.guests.people.find((p) => p.id === personId);
        if (!person || event.organizerId !== organizerId || current.organizerId !== organizerId) return fail("not-found");
        const answers = { ...response.answers };
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a copy keyed by person id
        if (status === "no_reply") delete answers[personId];
        else {
          const previous = Object.hasOwn(response.answers, personId) ? response.answers[personId] : undefined;
          answers[personId] = {
            status,
            dietaryTags: previous?.dietaryTags ?? person.dietaryTags,
            dietaryNotes: previous?.dietaryNotes ?? person.dietaryNotes,
            setByHost: true,
            updatedAt: now,
          };
        }
        return { ...response, answers, updatedAt: now };
      });
      if (!result.ok) return result;
      return ok(answerOf(result.value, personId));
    },
  };
}
