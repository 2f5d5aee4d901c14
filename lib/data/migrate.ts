import { z } from "zod";
import { maintenanceListKeys, maintenanceWalk } from "./maintenance";
import type { AppStore, CommitGuard, CommitWrite } from "../storage/types";
import { recordKey } from "./collection";
import { eventSchema, EVENTS } from "./events";
import { guestListOf, HOUSEHOLDS, householdSchema, type Household } from "./households";
import { INVITATIONS, invitationSchema, invitedEmailKeys, pairValue, type Invitation } from "./invitations";
import { emailHash, ORGANIZERS, organizerSchema } from "./organizers";
import { emptyResponse, recountTally } from "./plans";
import { POTLUCK_ITEMS, potluckItemSchema } from "./potluck";
import { answerSchema, RESPONSES, responseRecordSchema, type Answer, type ResponseRecord } from "./rsvps";
import { SUMMARIES } from "./summaries";

/**
 * Version 0 -> 1. Version 0 is the layout the code before issue 14 wrote (test/fixtures/legacy-v0): records
 * without `version`, one key per answer (`rsvps:<event>:<person>`) and per note (`rsvp-notes:<event>:<house>`),
 * pairs under `invitation-pairs:<event>:<household>`, invitations without their copy of the household, no event
 * summaries. Version 1 adds versions, moves each invitation's answers and note into `responses:<invitation>`,
 * its pair to `invitation-pairs:<event>.<household>`, copies the household into the invitation, and writes each
 * event's summary.
 *
 * Every step is idempotent and resumable: records are upgraded one commit each (guarded, so a record already
 * upgraded is left alone), and an event with everything hanging off it in one commit guarded by its summary
 * being absent. What the old code could leave behind without anything finding it (an invitation listed by no
 * event, answers of a household no longer invited, a second invitation of one household) is removed on the way;
 * nothing a page showed is lost. The walk holds one event's records at a time.
 */

export interface MigrationReport {
  organizers: number;
  households: number;
  events: number;
  invitations: number;
  answers: number;
  "potluck items": number;
  "leftovers removed": number;
}

const legacyOrganizer = organizerSchema.omit({ version: true });
const legacyHousehold = householdSchema.omit({ version: true });
const legacyEvent = eventSchema.omit({ version: true });
const legacyInvitation = invitationSchema.omit({ version: true, guests: true });
const legacyItem = z.unknown().transform((value, ctx) => {
  // potluckItemSchema is refined (claims within quantity); the legacy item is the same object minus version.
  const parsed = potluckItemSchema.safeParse(
    typeof value === "object" && value !== null ? { ...value, version: 1 } : value,
  );
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "invalid" });
    return z.NEVER;
  }
  return parsed.data;
});
const legacyAnswer = answerSchema.extend({ eventId: z.string(), householdId: z.string(), personId: z.string() });
const legacyNote = z.object({
  eventId: z.string(),
  householdId: z.string(),
  note: z.string().max(1000),
  updatedAt: z.number().int().nonnegative(),
});

const hasVersion = (value: unknown) =>
  typeof value === "object" && value !== null && typeof (value as { version?: unknown }).version === "number";

const legacyPairKey = (eventId: string, householdId: string) => `invitation-pairs:${eventId}:${householdId}`;
const legacyAnswerKey = (eventId: string, personId: string) => `rsvps:${eventId}:${personId}`;
const legacyNoteKey = (eventId: string, householdId: string) => `rsvp-notes:${eventId}:${householdId}`;

export async function migrateToV1(store: AppStore, log: (line: string) => void): Promise<MigrationReport> {
  const report: MigrationReport = {
    organizers: 0,
    households: 0,
    events: 0,
    invitations: 0,
    answers: 0,
    "potluck items": 0,
    "leftovers removed": 0,
  };
  const commit = async (guards: CommitGuard[], writes: CommitWrite[]) => (await store.commit({ guards, writes })).ok;

  /**
   * The step every record kind shares: walk the namespace, skip records already at version 1, parse the legacy
   * shape (a record that does not parse, or sits under another id's key, is left for `npm run data -- check`),
   * and hand the rest to `upgrade`, which commits it.
   */
  const upgradeEach = <S extends z.ZodType<{ id: string }>>(
    spec: { namespace: string },
    legacy: S,
    concurrency: number,
    upgrade: (key: string, record: z.output<S>) => Promise<void>,
  ) =>
    maintenanceWalk(
      store,
      spec.namespace,
      async ({ key, value }) => {
        if (hasVersion(value)) return;
        const parsed = legacy.safeParse(value);
        if (!parsed.success || key !== `${spec.namespace}:${parsed.data.id}`)
          return log(`[data] left as it is (the check will report it): ${key}`);
        await upgrade(key, parsed.data);
      },
      { concurrency },
    );

  // Organizers and households: add the version, make sure their pointer and index entry exist.
  await upgradeEach(ORGANIZERS, legacyOrganizer, 8, async (key, organizer) => {
    const pointerKey = `organizer-emails:${emailHash(organizer.email)}`;
    const pointer = (await store.get(pointerKey)) as { organizerId?: unknown } | null;
    const writes: CommitWrite[] = [{ op: "replace", key, value: { ...organizer, version: 1 } }];
    if (pointer === null) writes.push({ op: "set", key: pointerKey, value: { organizerId: organizer.id } });
    writes.push(...(await droppedEntries(store, `organizer-events:${organizer.id}`, EVENTS.namespace)));
    writes.push(...(await droppedEntries(store, `organizer-households:${organizer.id}`, HOUSEHOLDS.namespace)));
    if (await commit([], writes)) report.organizers += 1;
  });

  await upgradeEach(HOUSEHOLDS, legacyHousehold, 8, async (key, household) => {
    const ok = await commit(
      [],
      [
        { op: "replace", key, value: { ...household, version: 1 } },
        { op: "setAdd", key: `organizer-households:${household.organizerId}`, member: household.id },
        ...(await droppedEntries(store, `household-invitations:${household.id}`, INVITATIONS.namespace)),
      ],
    );
    if (ok) report.households += 1;
  });

  // Events, each with its invitations, answers, notes and potluck: one commit per event.
  await upgradeEach(EVENTS, legacyEvent, 4, async (_key, event) => {
    const migrated = await migrateEvent(store, { ...event, version: 1 });
    if (migrated) {
      report.events += 1;
      report.invitations += migrated.invitations;
      report.answers += migrated.answers;
      report["potluck items"] += migrated.items;
      report["leftovers removed"] += migrated.removed;
    }
  });

  // What no event listed (old code wrote the record before the index entry, and crashes happened): nothing
  // showed it, so it goes.
  for (const spec of [INVITATIONS, POTLUCK_ITEMS] as const) {
    await maintenanceWalk(
      store,
      spec.namespace,
      async ({ key, value }) => {
        if (hasVersion(value)) return;
        const writes: CommitWrite[] = [{ op: "remove", key }];
        const invitation = legacyInvitation.safeParse(value);
        if (spec === INVITATIONS && invitation.success) {
          const token = (await store.get(`invitation-tokens:${invitation.data.tokenHash}`)) as {
            invitationId?: unknown;
          } | null;
          if (token?.invitationId === invitation.data.id)
            writes.push({ op: "remove", key: `invitation-tokens:${invitation.data.tokenHash}` });
          writes.push(
            { op: "setRemove", key: `event-invitations:${invitation.data.eventId}`, member: invitation.data.id },
            {
              op: "setRemove",
              key: `household-invitations:${invitation.data.householdId}`,
              member: invitation.data.id,
            },
          );
        }
        if (await commit([{ kind: "present", key }], writes)) report["leftovers removed"] += 1;
      },
      { concurrency: 8 },
    );
  }

  // Keys of the old layout that nothing names any more. Listing a namespace finds them on Redis (a SCAN); on
  // fs they live in per-event directories that were emptied event by event above.
  for (const namespace of ["rsvps", "rsvp-notes", "invitation-pairs"]) {
    for (const key of await maintenanceListKeys(store, namespace)) {
      if (key.split(":").length !== 3) continue;
      if (await commit([], [{ op: "remove", key }])) report["leftovers removed"] += 1;
    }
  }
  return report;
}

interface EventMigration {
  invitations: number;
  answers: number;
  items: number;
  removed: number;
}

async function migrateEvent(store: AppStore, event: z.infer<typeof eventSchema>): Promise<EventMigration | null> {
  const eventId = event.id;
  const summaryKey = recordKey(SUMMARIES, eventId);
  const invitationSet = `event-invitations:${eventId}`;
  const potluckSet = `event-potluck:${eventId}`;
  const [invitationEntries, itemEntries] = await Promise.all([
    store.readIndex(invitationSet, INVITATIONS.namespace),
    store.readIndex(potluckSet, POTLUCK_ITEMS.namespace),
  ]);
  const guards: CommitGuard[] = [
    { kind: "absent", key: summaryKey },
    { kind: "present", key: recordKey(EVENTS, eventId) },
  ];
  const writes: CommitWrite[] = [{ op: "replace", key: recordKey(EVENTS, eventId), value: event }];
  const result: EventMigration = { invitations: 0, answers: 0, items: 0, removed: 0 };

  // The invitations this event lists, by household; a household listed twice (the old invite/remove race)
  // keeps the invitation its pair names, else the first one.
  const legacy: z.infer<typeof legacyInvitation>[] = [];
  for (const { member, value } of invitationEntries) {
    const parsed = legacyInvitation.safeParse(value);
    if (
      value === null ||
      !parsed.success ||
      parsed.data.id !== member ||
      parsed.data.eventId !== eventId ||
      hasVersion(value)
    ) {
      writes.push({ op: "setRemove", key: invitationSet, member });
      if (value !== null && parsed.success && !hasVersion(value)) removeLegacyInvitation(writes, parsed.data);
      if (value !== null) result.removed += 1;
      continue;
    }
    legacy.push(parsed.data);
  }
  const householdIds = [...new Set(legacy.map((i) => i.householdId))];
  const [householdValues, pairValues, noteValues] = await Promise.all([
    store.getMany(householdIds.map((id) => recordKey(HOUSEHOLDS, id))),
    store.getMany(householdIds.map((id) => legacyPairKey(eventId, id))),
    store.getMany(householdIds.map((id) => legacyNoteKey(eventId, id))),
  ]);
  const households = new Map<string, Household>();
  householdValues.forEach((value, i) => {
    const parsed = householdSchema.safeParse(value);
    if (parsed.success && parsed.data.organizerId === event.organizerId) households.set(householdIds[i]!, parsed.data);
  });
  const people = [...households.values()].flatMap((h) => h.people.map((p) => ({ householdId: h.id, personId: p.id })));
  const answerValues = await store.getMany(people.map((p) => legacyAnswerKey(eventId, p.personId)));
  for (const p of people) writes.push({ op: "remove", key: legacyAnswerKey(eventId, p.personId) });

  const kept: Invitation[] = [];
  const responses = new Map<string, ResponseRecord>();
  householdIds.forEach((householdId, i) => {
    writes.push(
      { op: "remove", key: legacyPairKey(eventId, householdId) },
      { op: "remove", key: legacyNoteKey(eventId, householdId) },
    );
    const candidates = legacy
      .filter((inv) => inv.householdId === householdId)
      .sort((a, b) => a.createdAt - b.createdAt);
    const named = (pairValues[i] as { invitationId?: unknown } | null)?.invitationId;
    const household = households.get(householdId);
    const keeper =
      household &&
      candidates.find(
        (c) => c.organizerId === event.organizerId && (c.id === named || !candidates.some((x) => x.id === named)),
      );
    for (const candidate of candidates) {
      if (candidate === keeper) continue;
      writes.push({ op: "setRemove", key: invitationSet, member: candidate.id });
      removeLegacyInvitation(writes, candidate);
      result.removed += 1;
    }
    if (!keeper || !household) return;
    const invitation: Invitation = { ...keeper, guests: guestListOf(household), version: 1 };
    const answers: Record<string, Answer> = {};
    people.forEach((p, j) => {
      if (p.householdId !== householdId) return;
      const parsed = legacyAnswer.safeParse(answerValues[j]);
      if (
        !parsed.success ||
        parsed.data.eventId !== eventId ||
        parsed.data.householdId !== householdId ||
        parsed.data.personId !== p.personId
      )
        return;
      const { eventId: _e, householdId: _h, personId: _p, ...answer } = parsed.data;
      answers[p.personId] = answer;
      result.answers += 1;
    });
    const note = legacyNote.safeParse(noteValues[i]);
    const response = responseRecordSchema.parse({
      ...emptyResponse(invitation, Date.now()),
      answers,
      note: note.success && note.data.eventId === eventId ? note.data.note : "",
      noteUpdatedAt: note.success && note.data.eventId === eventId ? note.data.updatedAt : null,
    });
    kept.push(invitation);
    responses.set(invitation.id, response);
    writes.push(
      { op: "replace", key: recordKey(INVITATIONS, invitation.id), value: invitationSchema.parse(invitation) },
      { op: "set", key: `invitation-pairs:${pairValue(eventId, householdId)}`, value: { invitationId: invitation.id } },
      { op: "setAdd", key: `household-invitations:${householdId}`, member: invitation.id },
      // The email index (issue 18) is derived from the guest list this step copies in.
      ...invitedEmailKeys(invitation).map((owner): CommitWrite => ({
        op: "setAdd",
        key: `email-invitations:${owner}`,
        member: invitation.id,
      })),
    );
    if (invitation.revokedAt === null)
      writes.push({
        op: "set",
        key: `invitation-tokens:${invitation.tokenHash}`,
        value: { invitationId: invitation.id },
      });
    guards.push({ kind: "absent", key: recordKey(RESPONSES, invitation.id) });
    writes.push({ op: "set", key: recordKey(RESPONSES, invitation.id), value: response });
    result.invitations += 1;
  });

  let itemCount = 0;
  for (const { member, value } of itemEntries) {
    const parsed = legacyItem.safeParse(value);
    if (
      value === null ||
      !parsed.success ||
      parsed.data.id !== member ||
      parsed.data.eventId !== eventId ||
      hasVersion(value)
    ) {
      writes.push({ op: "setRemove", key: potluckSet, member });
      if (value !== null && !hasVersion(value)) {
        writes.push({ op: "remove", key: recordKey(POTLUCK_ITEMS, member) });
        result.removed += 1;
      }
      continue;
    }
    writes.push({ op: "replace", key: recordKey(POTLUCK_ITEMS, member), value: parsed.data });
    itemCount += 1;
  }
  result.items = itemCount;
  writes.push({
    op: "set",
    key: summaryKey,
    value: SUMMARIES.schema.parse({
      ...recountTally(kept, responses, itemCount),
      eventId,
      organizerId: event.organizerId,
      updatedAt: Date.now(),
      version: 1,
    }),
  });
  writes.push({ op: "setAdd", key: `organizer-events:${event.organizerId}`, member: eventId });
  const outcome = await store.commit({ guards, writes });
  return outcome.ok ? result : null;
}

/** An old invitation that does not survive: its record and its link go (its pair and answers are handled by the caller). */
function removeLegacyInvitation(writes: CommitWrite[], invitation: z.infer<typeof legacyInvitation>): void {
  writes.push(
    { op: "remove", key: recordKey(INVITATIONS, invitation.id) },
    { op: "setRemove", key: `household-invitations:${invitation.householdId}`, member: invitation.id },
  );
  // The token pointer names this invitation only (a pointer names one invitation, and tokens are unique).
  writes.push({ op: "remove", key: `invitation-tokens:${invitation.tokenHash}` });
}

/** Set entries naming a record that does not exist (the old code removed records and entries separately). */
async function droppedEntries(store: AppStore, setKey: string, namespace: string): Promise<CommitWrite[]> {
  const entries = await store.readIndex(setKey, namespace);
  return entries
    .filter((e) => e.value === null)
    .map((e) => ({ op: "setRemove" as const, key: setKey, member: e.member }));
}
