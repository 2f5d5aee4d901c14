import { recordKey } from "./collection";
import { DecideAgain, transact, type UnitOfWork } from "./commit";
import type { PartyDb } from "./db";
import { eventRole, EVENTS, type PartyEvent } from "./events";
import { INVITATIONS, type Invitation } from "./invitations";
import { invitationTally } from "./plans";
import { fail, isId, newId, ok, type Result } from "./records";
import {
  answerOf,
  placesHeld,
  plusOnesComing,
  seatResponse,
  noteOf,
  RESPONSES,
  type Answer,
  type GuestAnswersInput,
  type HouseholdNote,
  type ResponseRecord,
  type ResponseStatus,
  type RsvpResponse,
} from "./rsvps";
import { moveSummary, SUMMARIES, type EventSummary } from "./summaries";

export type RsvpRepository = ReturnType<typeof createRsvpRepository>;

/** What an answer may depend on besides the invitation: the event being open, checked on the event as read. */
export type AnswerGate = (event: PartyEvent) => boolean;

/** More writes for the commit that saves an answer (the confirmation mail, lib/mail), staged after it is decided. */
export type AlsoStage = (
  work: UnitOfWork,
  saved: { invitation: Invitation; event: PartyEvent; response: ResponseRecord },
) => Promise<void>;

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
    decide: (
      found: { invitation: Invitation; response: ResponseRecord; event: PartyEvent },
      /** The capacity minus the places other households hold (null: no capacity). See seatResponse. */
      freePlaces: number | null,
    ) => ResponseRecord | { ok: false; reason: R | "not-found" },
    alsoStage?: AlsoStage,
  ): Promise<Result<ResponseRecord, R | "not-found">> {
    return transact(store, { what }, async (work) => {
      const found = await readForAnswer(invitationId);
      if (!found) return fail("not-found");
      const invitation = work.read(INVITATIONS, found.invitation);
      const event = work.read(EVENTS, found.event);
      const response = work.read(RESPONSES, found.response);
      const before = invitationTally(invitation, response);
      const freeIn = (summary: EventSummary) =>
        event.capacity === null ? null : event.capacity - (summary.attending - before.attending);
      const records = { invitation, response, event };
      const next = decide(records, freeIn(found.summary));
      if ("ok" in next) return next;
      const after = invitationTally(invitation, next);
      // The counts are only adjusted (rebased when another answer moved them first, in the in-process queue
      // when it is busy), but the places were given on the counts as read: on every rebase the decision is
      // made again on the fresh counts, and if it comes out different (a place was taken meanwhile) the whole
      // change is decided again. Capacity therefore holds under concurrent answers on every store, with no lock.
      const decided = JSON.stringify(next);
      work.adjust(SUMMARIES, found.summary, (current) => {
        if (event.capacity !== null && JSON.stringify(decide(records, freeIn(current))) !== decided) {
          throw new DecideAgain("places changed while the answer was decided");
        }
        return moveSummary(current, before, after, work.now);
      });
      const stored = work.put(RESPONSES, next);
      if (alsoStage) await alsoStage(work, { invitation, event, response: stored });
      return ok(stored);
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
      alsoStage?: AlsoStage,
    ): Promise<Result<{ saved: number; waitlisted: number }, "not-found" | "closed" | "too-many-plus-ones">> {
      let saved = 0;
      // Ids for new plus-ones are drawn once, outside the decision: it is made again on every rebase and must
      // come out the same (see saveResponse).
      const freshIds = (input.plusOnes ?? []).map(() => newId());
      return saveResponse<"closed" | "too-many-plus-ones">(
        invitationId,
        "save answers",
        ({ invitation, response, event }, freePlaces) => {
          if (invitation.tokenHash !== tokenHash || invitation.revokedAt !== null) return fail("not-found");
          if (!gate(event)) return fail("closed");
          const people = new Set(invitation.guests.people.map((p) => p.id));
          if (input.people.some((a) => !people.has(a.personId))) return fail("not-found");
          // Checked on the invitation as read in this commit: a host lowering the allowance meanwhile wins.
          if (input.plusOnes && input.plusOnes.length > invitation.plusOnesAllowed) {
            const allowed = invitation.plusOnesAllowed;
            return fail(
              "too-many-plus-ones",
              allowed === 0
                ? "This invitation does not include extra guests."
                : `You can bring up to ${allowed} ${allowed === 1 ? "guest" : "guests"}.`,
            );
          }
          const known = new Set(response.plusOnes.map((p) => p.id));
          const plusOnes = input.plusOnes
            ? input.plusOnes.map((row, i) => ({
                id: row.id !== "" && known.has(row.id) ? row.id : freshIds[i]!,
                name: row.name,
                dietaryTags: row.dietaryTags,
                dietaryNotes: row.dietaryNotes,
                ...(row.id !== "" && known.has(row.id)
                  ? { waitlistedAt: response.plusOnes.find((p) => p.id === row.id)?.waitlistedAt }
                  : {}),
              }))
            : response.plusOnes;
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
          return {
            ...response,
            ...seatResponse(response, { answers, plusOnes }, freePlaces, now),
            note: input.note,
            noteUpdatedAt: noteChanged ? now : response.noteUpdatedAt,
            updatedAt: now,
          };
        },
        alsoStage,
      ).then((result) => {
        if (!result.ok) return result;
        const waitlistedPeople = input.people.filter(
          (a) => result.value.answers[a.personId]?.waitlistedAt !== undefined,
        ).length;
        const waitlistedGuests = result.value.plusOnes.filter((p) => p.waitlistedAt !== undefined).length;
        return ok({ saved, waitlisted: waitlistedPeople + waitlistedGuests });
      });
    },

    /** The organizer answers for a guest of one of their events ("set by host"); "no_reply" clears it. */
    async answerForGuest(
      organizerId: string,
      eventId: string,
      personId: string,
      status: ResponseStatus | "no_reply",
      now = Date.now(),
      alsoStage?: AlsoStage,
    ): Promise<Result<RsvpResponse | null>> {
      if (!isId(eventId) || !isId(personId)) return fail("not-found");
      const invitations = await db.invitations.listBy("event-invitations", eventId);
      // Any invitation of the event: who may answer for its guests is decided on the event, in the commit.
      const invitation = invitations.find((i) => i.guests.people.some((p) => p.id === personId));
      if (!invitation) return fail("not-found");
      const result = await saveResponse<never>(
        invitation.id,
        "set answer",
        ({ invitation: current, response, event }, freePlaces) => {
          const person = current.guests.people.find((p) => p.id === personId);
          if (!person || eventRole(event, organizerId) === null) return fail("not-found");
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
          // The host's "attending" takes a place only if there is one, like a guest's: the waitlist's Promote
          // is the way in once the party is full.
          return {
            ...response,
            ...seatResponse(response, { answers, plusOnes: response.plusOnes }, freePlaces, now),
            updatedAt: now,
          };
        },
        alsoStage,
      );
      if (!result.ok) return result;
      return ok(answerOf(result.value, personId));
    },

    /**
     * The host gives a waiting person (or a household's waiting plus-one: `personId` is then the plus-one's
     * id) a place: one commit, decided on the event's counts as read, so it never takes the party past its
     * capacity however many promotions and answers land at once. `alsoStage` adds the "you're in" mail to it.
     */
    async promote(
      organizerId: string,
      eventId: string,
      personId: string,
      now = Date.now(),
      alsoStage?: AlsoStage,
    ): Promise<Result<RsvpResponse | { plusOneId: string; name: string }, "not-found" | "full" | "not-waiting">> {
      if (!isId(eventId) || !isId(personId)) return fail("not-found");
      const invitations = await db.invitations.listBy("event-invitations", eventId);
      // Any host of the event may promote anyone on it (eventRole is checked in the commit below).
      let invitation = invitations.find((i) => i.guests.people.some((p) => p.id === personId));
      if (!invitation) {
        const holder = (await forEvent(eventId)).find((r) => r.plusOnes.some((p) => p.id === personId));
        invitation = holder ? invitations.find((i) => i.id === holder.invitationId) : undefined;
      }
      if (!invitation) return fail("not-found");
      const result = await saveResponse<"full" | "not-waiting">(
        invitation.id,
        "promote from the waitlist",
        ({ invitation: current, response, event }, freePlaces) => {
          const isPerson = current.guests.people.some((p) => p.id === personId);
          const plusOne = response.plusOnes.find((p) => p.id === personId);
          if (eventRole(event, organizerId) === null || (!isPerson && !plusOne)) return fail("not-found");
          const full = () => freePlaces !== null && freePlaces - placesHeld(response) < 1;
          if (plusOne) {
            if (plusOne.waitlistedAt === undefined || !plusOnesComing(response.answers)) return fail("not-waiting");
            if (full()) return fail("full", "The party is full: free a place first (or raise the capacity).");
            const { waitlistedAt: _waiting, ...seated } = plusOne;
            return {
              ...response,
              plusOnes: response.plusOnes.map((p) => (p.id === personId ? seated : p)),
              updatedAt: now,
            };
          }
          const answer = Object.hasOwn(response.answers, personId) ? response.answers[personId]! : undefined;
          if (answer?.status !== "attending" || answer.waitlistedAt === undefined) return fail("not-waiting");
          if (full()) return fail("full", "The party is full: free a place first (or raise the capacity).");
          const { waitlistedAt: _waiting, ...seated } = answer;
          return {
            ...response,
            answers: { ...response.answers, [personId]: { ...seated, updatedAt: now } },
            updatedAt: now,
          };
        },
        alsoStage,
      );
      if (!result.ok) return result;
      const answer = answerOf(result.value, personId);
      if (answer) return ok(answer);
      const plusOne = result.value.plusOnes.find((p) => p.id === personId)!;
      return ok({ plusOneId: plusOne.id, name: plusOne.name });
    },
  };
}
