import { maintenanceListKeys, maintenanceWalk } from "./maintenance";
import type { AppStore } from "../storage/types";
import { indexKeys, keyOf, parseRecord, recordKey, uniqueKey, type RecordSpec, type Versioned } from "./collection";
import { transact } from "./commit";
import { DATA_VERSION, readDataVersion } from "./data-version";
import { createPartyDb, PARTY_RECORDS, readEventFamily, type PartyDb } from "./db";
import { COHOST_INVITES } from "./cohosts";
import { EVENTS, type PartyEvent } from "./events";
import { guestListOf, HOUSEHOLDS, type Household } from "./households";
import { INVITATIONS, type Invitation, type LinkVault } from "./invitations";
import { MAIL_JOBS, MAIL_OPT_OUTS } from "./mail-records";
import { ANNOUNCEMENTS, COMMENTS } from "./messages";
import { emailHash, ORGANIZERS, type Organizer } from "./organizers";
import {
  emptyResponse,
  invitationTally,
  planHouseholdChange,
  planSummaryMove,
  planUninvite,
  recountTally,
} from "./plans";
import { POTLUCK_ITEMS } from "./potluck";
import { keepAnswersOf, RESPONSES, type ResponseRecord } from "./rsvps";
import { sameTally, SUMMARIES, tallyOf, type EventSummary } from "./summaries";

/**
 * `npm run data -- check` / `repair`: walks every party record of a store (fs, Redis, Upstash, memory) and
 * reports what the data layer's commits should make impossible: records failing their schema, orphans (a
 * record whose parent is gone), dangling index entries, records missing from their index, unique keys that
 * are missing, dangling or claimed twice, event summaries that disagree with a recount, answers of people
 * no longer on the guest list, guest lists out of step with the address book. Mail jobs, opt-outs,
 * announcements and guest comments are walked like every other record (an event deleted without them leaves
 * orphans, which are reported and, on `repair`, removed). Maintenance only: it lists
 * namespaces (a SCAN on Redis) and holds one event's records at a time, so its memory does not grow with the
 * store. `repair` fixes what is safe to fix (through the same guarded commits as the app) and says what it did;
 * what needs a person (an invalid record, two invitations for one household) is only reported.
 */

export type ProblemKind =
  | "data-version"
  | "schema"
  | "orphan"
  | "dangling-index-entry"
  | "missing-index-entry"
  | "unique-key"
  | "summary"
  | "answers"
  | "guest-list"
  | "capacity"
  | "hosts"
  | "store";

export interface Problem {
  kind: ProblemKind;
  key: string;
  message: string;
}

export interface CheckOptions {
  repair?: boolean;
  onProblem?: (problem: Problem) => void;
  onRepair?: (what: string) => void;
  /** Reads in flight at once (default 16). */
  concurrency?: number;
  /** Extra checks a store can answer for itself (the fs store's unfinished journal). */
  storeProblems?: () => Promise<Problem[]>;
}

export interface CheckResult {
  problems: number;
  repaired: number;
  records: number;
  byKind: Partial<Record<ProblemKind, number>>;
}

/** The LinkVault is not needed to check data (tokens are compared by hash). */
const NO_VAULT: LinkVault = {
  seal: () => {
    throw new Error("the consistency check never seals links");
  },
  open: () => null,
};

/** SMEMBERS results kept while walking, bounded by the number of members held (not of sets). */
class SetCache {
  private readonly sets = new Map<string, Set<string>>();
  private held = 0;
  constructor(
    private readonly store: AppStore,
    private readonly maxMembers = 200_000,
  ) {}

  async has(setKey: string, member: string): Promise<boolean> {
    let set = this.sets.get(setKey);
    if (set) {
      this.sets.delete(setKey); // most recently used last
      this.sets.set(setKey, set);
    } else {
      set = new Set(await this.store.setMembers(setKey));
      this.sets.set(setKey, set);
      this.held += set.size;
      for (const [key, old] of this.sets) {
        if (this.held <= this.maxMembers || key === setKey) break;
        this.sets.delete(key);
        this.held -= old.size;
      }
    }
    return set.has(member);
  }

  forget(setKey: string): void {
    const set = this.sets.get(setKey);
    if (set) this.held -= set.size;
    this.sets.delete(setKey);
  }
}

const EMAIL_INVITATIONS_SET = "email-invitations";

const OWNED_SETS: { owner: RecordSpec<Versioned>; set: string; child: RecordSpec<Versioned> }[] = [
  { owner: ORGANIZERS, set: "organizer-events", child: EVENTS },
  { owner: ORGANIZERS, set: "organizer-households", child: HOUSEHOLDS },
  { owner: EVENTS, set: "event-invitations", child: INVITATIONS },
  { owner: EVENTS, set: "event-potluck", child: POTLUCK_ITEMS },
  { owner: HOUSEHOLDS, set: "household-invitations", child: INVITATIONS },
  { owner: EVENTS, set: "event-mail", child: MAIL_JOBS },
  { owner: EVENTS, set: "event-optouts", child: MAIL_OPT_OUTS },
  { owner: EVENTS, set: "event-announcements", child: ANNOUNCEMENTS },
  { owner: EVENTS, set: "event-comments", child: COMMENTS },
  { owner: EVENTS, set: "event-cohost-invites", child: COHOST_INVITES },
];

const sameGuests = (invitation: Invitation, household: Household) =>
  JSON.stringify(invitation.guests) === JSON.stringify(guestListOf(household));

export async function checkData(store: AppStore, options: CheckOptions = {}): Promise<CheckResult> {
  const repair = options.repair ?? false;
  const concurrency = options.concurrency ?? 16;
  const result: CheckResult = { problems: 0, repaired: 0, records: 0, byKind: {} };
  const report = (kind: ProblemKind, key: string, message: string) => {
    result.problems += 1;
    result.byKind[kind] = (result.byKind[kind] ?? 0) + 1;
    options.onProblem?.({ kind, key, message });
  };
  const repaired = (what: string) => {
    result.repaired += 1;
    options.onRepair?.(what);
  };
  const db = createPartyDb(store, NO_VAULT);
  const sets = new SetCache(store);
  /** The email index's sets already checked (see checkEmailSet). */
  const emailSetsChecked = new Set<string>();

  const version = await readDataVersion(store);
  if (version !== DATA_VERSION) {
    report(
      "data-version",
      "meta:data-version",
      `party data is at version ${version}, this app uses ${DATA_VERSION}: run \`npm run data -- migrate\` first`,
    );
    return result;
  }
  for (const problem of (await options.storeProblems?.()) ?? []) report(problem.kind, problem.key, problem.message);

  /** Removes a record (as read) with its index entries and pointers. */
  const removeRecord = async <T extends Versioned>(spec: RecordSpec<T>, record: T, why: string) => {
    const done = await transact(store, { what: `repair ${why}` }, async (work) => {
      const current = parseRecord(spec, keyOf(spec, record), await store.get(keyOf(spec, record)));
      if (!current || current.version !== record.version) return false;
      work.remove(spec, work.read(spec, current));
      return true;
    });
    if (done) repaired(`removed ${keyOf(spec, record)} (${why})`);
  };

  for (const spec of PARTY_RECORDS as readonly RecordSpec<Versioned>[]) {
    await maintenanceWalk(
      store,
      spec.namespace,
      async ({ key, value }) => {
        result.records += 1;
        const record = spec.schema.safeParse(value);
        if (!record.success) {
          report(
            "schema",
            key,
            `${spec.label} fails its schema: ${record.error.issues[0]?.path.join(".") ?? ""} ${record.error.issues[0]?.message ?? ""}`.trim(),
          );
          return;
        }
        if (keyOf(spec, record.data) !== key) {
          report("schema", key, `${spec.label} is stored under the key of another id (${keyOf(spec, record.data)})`);
          return;
        }
        await checkRecord(spec, record.data);
      },
      { concurrency },
    );
  }

  // Unique pointers that name nothing, or a record that no longer claims them.
  for (const spec of PARTY_RECORDS as readonly RecordSpec<Versioned>[]) {
    for (const unique of spec.unique) {
      await maintenanceWalk(
        store,
        unique.namespace,
        async ({ key, value }) => {
          const id = (value as Record<string, unknown> | null)?.[unique.field];
          const holder =
            typeof id === "string"
              ? parseRecord(spec, recordKey(spec, id), await store.get(recordKey(spec, id)))
              : null;
          const claimed = holder ? uniqueKey(unique, unique.value(holder) ?? "") === key : false;
          if (claimed) return;
          report(
            "unique-key",
            key,
            holder
              ? `${key} names ${spec.label} ${String(id)}, which no longer holds it`
              : `${key} names a ${spec.label} that does not exist`,
          );
          if (
            repair &&
            (await store.commit({ guards: [{ kind: "present", key }], writes: [{ op: "remove", key }] })).ok
          )
            repaired(`removed ${key}`);
        },
        { concurrency },
      );
    }
  }

  // Index sets whose owner is gone. Only stores that list set keys with their namespace (Redis: the SCAN
  // sees every type) find these; elsewhere such a set is out of every reader's reach.
  for (const { owner, set, child } of OWNED_SETS) {
    for (const setKey of await maintenanceListKeys(store, set).catch(() => [])) {
      const ownerId = setKey.slice(set.length + 1);
      if ((await store.get(recordKey(owner, ownerId))) !== null) continue;
      const entries = await store.readIndex(setKey, child.namespace).catch(() => []);
      for (const { member } of entries) {
        report(
          "dangling-index-entry",
          `${setKey} ${member}`,
          `${setKey} belongs to a ${owner.label} that does not exist`,
        );
        if (repair && (await store.commit({ writes: [{ op: "setRemove", key: setKey, member }] })).ok)
          repaired(`removed ${member} from ${setKey}`);
      }
    }
  }
  return result;

  async function checkRecord(spec: RecordSpec<Versioned>, record: Versioned): Promise<void> {
    const key = keyOf(spec, record);
    // Parents.
    const parents = spec.parents(record);
    if (parents.length > 0) {
      const found = await store.getMany(parents);
      const missing = parents.filter((_, i) => found[i] === null);
      if (missing.length > 0) {
        report("orphan", key, `${spec.label} whose ${missing.join(" and ")} does not exist`);
        if (repair) await repairOrphan(spec, record, missing);
        return;
      }
    }
    // Index entries.
    for (const setKey of indexKeys(spec, record)) {
      if (await sets.has(setKey, spec.id(record))) continue;
      report("missing-index-entry", key, `${spec.label} is missing from ${setKey}`);
      if (
        repair &&
        (
          await store.commit({
            guards: [{ kind: "version", key, version: record.version }],
            writes: [{ op: "setAdd", key: setKey, member: spec.id(record) }],
          })
        ).ok
      ) {
        sets.forget(setKey);
        repaired(`added ${spec.id(record)} to ${setKey}`);
      }
    }
    // Unique keys.
    for (const unique of spec.unique) {
      const value = unique.value(record);
      if (value === null) continue;
      const pointerKey = uniqueKey(unique, value);
      const pointer = (await store.get(pointerKey)) as Record<string, unknown> | null;
      const named = pointer?.[unique.field];
      if (named === spec.id(record)) continue;
      if (pointer === null) {
        report("unique-key", key, `${spec.label}'s ${pointerKey} is missing`);
        if (repair) {
          const outcome = await store.commit({
            guards: [
              { kind: "absent", key: pointerKey },
              { kind: "version", key, version: record.version },
            ],
            writes: [{ op: "set", key: pointerKey, value: { [unique.field]: spec.id(record) } }],
          });
          if (outcome.ok) repaired(`wrote ${pointerKey}`);
        }
        continue;
      }
      const other =
        typeof named === "string"
          ? parseRecord(spec, recordKey(spec, named), await store.get(recordKey(spec, named)))
          : null;
      if (other && unique.value(other) === value) {
        report(
          "unique-key",
          key,
          `${spec.label} shares ${pointerKey} with ${spec.label} ${String(named)}: only one may hold it (left for a person to decide)`,
        );
      } else {
        // The pointer is dangling; the pointer walk removes it, and the next run writes this record's.
        report("unique-key", key, `${spec.label}'s ${pointerKey} names ${String(named)} instead`);
      }
    }
    // What each kind must agree with.
    if (spec === (EVENTS as unknown as RecordSpec<Versioned>)) await checkEvent(record as PartyEvent);
    if (spec === (INVITATIONS as unknown as RecordSpec<Versioned>)) await checkInvitation(record as Invitation);
    if (spec === (ORGANIZERS as unknown as RecordSpec<Versioned>)) await checkEmailSet((record as Organizer).email);
    for (const { owner, set, child } of OWNED_SETS) {
      if (owner !== spec) continue;
      const setKey = `${set}:${spec.id(record)}`;
      const entries = await store.readIndex(setKey, child.namespace);
      for (const { member, value } of entries) {
        const parsed = value === null ? null : child.schema.safeParse(value);
        const belongs = parsed?.success ? indexKeys(child, parsed.data).includes(setKey) : value !== null;
        if (value !== null && belongs) continue;
        report(
          "dangling-index-entry",
          `${setKey} ${member}`,
          value === null
            ? `${setKey} lists ${member}, which does not exist`
            : `${setKey} lists ${member}, which belongs elsewhere`,
        );
        if (repair) {
          const guards = value === null ? [{ kind: "absent" as const, key: recordKey(child, member) }] : [];
          if ((await store.commit({ guards, writes: [{ op: "setRemove", key: setKey, member }] })).ok) {
            sets.forget(setKey);
            repaired(`removed ${member} from ${setKey}`);
          }
        }
      }
    }
  }

  async function repairOrphan(spec: RecordSpec<Versioned>, record: Versioned, missing: string[]): Promise<void> {
    if (spec === (INVITATIONS as unknown as RecordSpec<Versioned>)) {
      const invitation = record as Invitation;
      if (!missing.includes(recordKey(EVENTS, invitation.eventId))) {
        // Its household is gone but its event is not: take it off the event properly (answers, claims, counts).
        const done = await transact(store, { what: "repair uninvite" }, async (work) => {
          const family = await readEventFamily(db, invitation.eventId);
          const current = family?.invitations.find((i) => i.id === invitation.id);
          if (!family || !current) return false;
          planUninvite(work, family, current);
          return true;
        });
        if (done) repaired(`took ${keyOf(INVITATIONS, invitation)} off its event (its household is gone)`);
        return;
      }
      const response = await db.responses.get(invitation.id);
      if (response) await removeRecord(RESPONSES, response, "its invitation's event is gone");
      await removeRecord(INVITATIONS, invitation, "its event is gone");
      return;
    }
    if (
      spec === (ORGANIZERS as unknown as RecordSpec<Versioned>) ||
      spec === (EVENTS as unknown as RecordSpec<Versioned>) ||
      spec === (HOUSEHOLDS as unknown as RecordSpec<Versioned>)
    ) {
      return; // an organizer's data without its organizer: left for a person to decide
    }
    await removeRecord(spec, record, `its ${missing.join(" and ")} is gone`);
  }

  /**
   * The roles: exactly one owner (the `organizerId` field), who is not also listed as a co-host, no co-host
   * twice, and every co-host an organizer that exists (an orphan co-host entry). Repair drops the extra and
   * orphan entries, through a commit guarded by the event's version; the owner is never changed by repair.
   */
  async function checkHosts(event: PartyEvent): Promise<void> {
    const key = keyOf(EVENTS, event);
    const ids = event.cohosts.map((c) => c.organizerId);
    const exist = await store.getMany(ids.map((id) => recordKey(ORGANIZERS, id)));
    const seen = new Set([event.organizerId]);
    const keep = event.cohosts.filter((cohost, i) => {
      if (seen.has(cohost.organizerId)) {
        report(
          "hosts",
          key,
          cohost.organizerId === event.organizerId
            ? `the owner ${cohost.organizerId} is also listed as a co-host: an event has exactly one owner`
            : `co-host ${cohost.organizerId} is listed twice`,
        );
        return false;
      }
      seen.add(cohost.organizerId);
      if (exist[i] === null) {
        report("hosts", key, `co-host ${cohost.organizerId} is an organizer that does not exist (an orphan co-host)`);
        return false;
      }
      return true;
    });
    if (!repair || keep.length === event.cohosts.length) return;
    const done = await transact(store, { what: "repair co-hosts" }, async (work) => {
      const current = await db.events.get(event.id);
      if (!current || current.version !== event.version) return false;
      work.put(EVENTS, { ...work.read(EVENTS, current), cohosts: keep });
      return true;
    });
    if (done) repaired(`dropped ${event.cohosts.length - keep.length} co-host entries of ${key}`);
  }

  async function checkEvent(event: PartyEvent): Promise<void> {
    await checkHosts(event);
    const family = await readEventFamily(db, event.id);
    const summaryKey = recordKey(SUMMARIES, event.id);
    if (!family) {
      const [eventNow, summaryNow] = await store.getMany([recordKey(EVENTS, event.id), summaryKey]);
      if (eventNow === null || summaryNow !== null) return; // deleted meanwhile, or an invalid summary (reported on its own)
      report("summary", summaryKey, `event ${event.id} has no summary`);
      if (repair) {
        const done = await transact(store, { what: "repair summary" }, async (work) => {
          const current = await db.events.get(event.id);
          if (!current) return false;
          work.read(EVENTS, current);
          work.requireAbsent(summaryKey);
          const [invitations, responses, items] = await Promise.all([
            db.invitations.listBy("event-invitations", event.id),
            db.responses.listBy("event-invitations", event.id, { sharedWith: INVITATIONS }),
            db.items.listBy("event-potluck", event.id),
          ]);
          for (const invitation of invitations) work.read(INVITATIONS, invitation);
          const byId = new Map(responses.map((r) => [r.invitationId, work.read(RESPONSES, r)]));
          work.create(SUMMARIES, {
            ...recountTally(invitations, byId, items.length),
            eventId: event.id,
            organizerId: event.organizerId,
            updatedAt: work.now,
            version: 1,
          });
          return true;
        });
        if (done) repaired(`wrote ${summaryKey} from a recount`);
      }
      return;
    }
    // Every invitation has its response; answers are only for people on the guest list.
    for (const invitation of family.invitations) {
      const response = family.responses.get(invitation.id);
      if (!response) {
        report("answers", recordKey(RESPONSES, invitation.id), `invitation ${invitation.id} has no response record`);
        if (repair) await repairEventResponses(event.id);
        continue;
      }
      const people = new Set(invitation.guests.people.map((p) => p.id));
      const strays = Object.keys(response.answers).filter((id) => !people.has(id));
      if (strays.length > 0 || response.householdId !== invitation.householdId) {
        report(
          "answers",
          keyOf(RESPONSES, response),
          `answers for ${strays.length} people who are not on invitation ${invitation.id}'s guest list`,
        );
        if (repair) await repairEventResponses(event.id);
      }
      // The allowance is never lowered below the guests named (InvitationRepository.setPlusOnesAllowed), and
      // a guest's save never names more: more than allowed means a write went around both.
      if (response.plusOnes.length > invitation.plusOnesAllowed) {
        report(
          "answers",
          keyOf(RESPONSES, response),
          `${response.plusOnes.length} plus-ones named, more than the ${invitation.plusOnesAllowed} invitation ${invitation.id} allows`,
        );
      }
    }
    const recounted = recountTally(family.invitations, family.responses, family.items.length);
    if (!sameTally(recounted, tallyOf(family.summary))) {
      report(
        "summary",
        summaryKey,
        `stored counts ${JSON.stringify(tallyOf(family.summary))} differ from a recount ${JSON.stringify(recounted)}`,
      );
      if (repair) await repairSummary(event.id);
    }
    // Places are given in the same commit as the answer, on the counts as read: more people holding a place
    // than the capacity means a write went around that rule. Which of them should give up theirs is for a
    // person to decide, so it is only reported.
    if (event.capacity !== null && recounted.attending > event.capacity) {
      report(
        "capacity",
        recordKey(EVENTS, event.id),
        `${recounted.attending} people hold a place, more than the capacity of ${event.capacity} (${recounted.waitlisted} on the waitlist)`,
      );
    }
  }

  /** Gives every invitation of the event its response and drops answers of people not on its list. */
  async function repairEventResponses(eventId: string): Promise<void> {
    const done = await transact(store, { what: "repair answers" }, async (work) => {
      const family = await readEventFamily(db, eventId);
      if (!family) return 0;
      let changed = 0;
      for (const invitation of family.invitations) {
        const current = work.read(INVITATIONS, invitation);
        const response = family.responses.get(invitation.id);
        if (!response) {
          work.requireAbsent(recordKey(RESPONSES, invitation.id));
          const fresh = work.create(RESPONSES, emptyResponse(current, work.now));
          planSummaryMove(work, family.summary, invitationTally(current, null), invitationTally(current, fresh));
          changed += 1;
          continue;
        }
        const kept: ResponseRecord = {
          ...keepAnswersOf(work.read(RESPONSES, response), new Set(current.guests.people.map((p) => p.id))),
          householdId: current.householdId,
        };
        if (JSON.stringify(kept) !== JSON.stringify(response)) {
          planSummaryMove(work, family.summary, invitationTally(current, response), invitationTally(current, kept));
          work.put(RESPONSES, { ...kept, updatedAt: work.now });
          changed += 1;
        }
      }
      return changed;
    });
    if (done > 0) repaired(`fixed ${done} response record(s) of event ${eventId}`);
  }

  async function repairSummary(eventId: string): Promise<void> {
    const done = await transact(store, { what: "repair summary" }, async (work) => {
      const family = await readEventFamily(db, eventId);
      if (!family) return false;
      for (const invitation of family.invitations) work.read(INVITATIONS, invitation);
      for (const response of family.responses.values()) work.read(RESPONSES, response);
      for (const item of family.items) work.read(POTLUCK_ITEMS, item);
      const summary: EventSummary = work.read(SUMMARIES, family.summary);
      work.put(SUMMARIES, {
        ...summary,
        ...recountTally(family.invitations, family.responses, family.items.length),
        updatedAt: work.now,
      });
      return true;
    });
    if (done) repaired(`recounted ${recordKey(SUMMARIES, eventId)}`);
  }

  /**
   * The email index has no owner record (its owner is an address), and not every store can list sets, so its
   * sets are reached from the addresses that can name them: every address in an invitation's guest list and
   * every organizer's. Each entry must name a live invitation that still reaches that address. (Missing
   * entries are found per invitation, like any index, in checkRecord.)
   */
  async function checkEmailSet(address: string): Promise<void> {
    const setKey = `${EMAIL_INVITATIONS_SET}:${emailHash(address)}`;
    if (emailSetsChecked.has(setKey)) return;
    emailSetsChecked.add(setKey);
    for (const { member, value } of await store.readIndex(setKey, INVITATIONS.namespace)) {
      const parsed = value === null ? null : INVITATIONS.schema.safeParse(value);
      if (parsed?.success && indexKeys(INVITATIONS, parsed.data).includes(setKey)) continue;
      report(
        "dangling-index-entry",
        `${setKey} ${member}`,
        value === null
          ? `${setKey} lists ${member}, which does not exist`
          : `${setKey} lists ${member}, which no longer reaches that address`,
      );
      if (!repair) continue;
      const guards =
        value === null
          ? [{ kind: "absent" as const, key: recordKey(INVITATIONS, member) }]
          : parsed?.success
            ? [{ kind: "version" as const, key: recordKey(INVITATIONS, member), version: parsed.data.version }]
            : [];
      if ((await store.commit({ guards, writes: [{ op: "setRemove", key: setKey, member }] })).ok) {
        sets.forget(setKey);
        repaired(`removed ${member} from ${setKey}`);
      }
    }
  }

  async function checkInvitation(invitation: Invitation): Promise<void> {
    for (const person of invitation.guests.people) if (person.email) await checkEmailSet(person.email);
    // A detached invitation keeps its own copy on purpose (its host left the event): nothing to compare.
    if (invitation.detachedAt !== null) return;
    const household = await db.households.get(invitation.householdId);
    if (!household || household.organizerId !== invitation.organizerId || sameGuests(invitation, household)) return;
    report(
      "guest-list",
      keyOf(INVITATIONS, invitation),
      `invitation's copy of household ${household.id} differs from the address book`,
    );
    if (!repair) return;
    const done = await transact(store, { what: "repair guest list" }, async (work) => {
      const current = await db.households.get(household.id);
      if (!current) return false;
      const invitations = await db.invitations.listBy("household-invitations", current.id);
      const [responses, summaries] = await Promise.all([
        db.responses.getMany(invitations.map((i) => i.id)),
        db.summaries.getMany(invitations.map((i) => i.eventId)),
      ]);
      const invited = invitations.flatMap((i) => {
        const summary = summaries.get(i.eventId);
        return summary ? [{ invitation: i, response: responses.get(i.id) ?? null, summary }] : [];
      });
      planHouseholdChange(work, current, { ...current }, invited);
      work.touch(HOUSEHOLDS, current);
      return true;
    });
    if (done) repaired(`brought the guest lists of household ${household.id} in step with the address book`);
  }
}

/** A store whose records are all fine, from the check's point of view (for tests and the CLI). */
export function isClean(result: CheckResult): boolean {
  return result.problems === 0;
}

export type { PartyDb };
