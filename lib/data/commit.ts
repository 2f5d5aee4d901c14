import { StoreBusyError } from "../errors";
import { type AppStore, type CommitGuard, type CommitWrite } from "../storage/types";
import { KeyedMutex } from "../storage/mutex";
import { indexKeys, keyOf, recordKey, uniqueKey, type RecordSpec, type Versioned } from "./collection";
import { LOCKS } from "./locks";

/**
 * The writes of one atomic commit, built from record declarations: creating, updating or removing a record
 * brings its version guard, its index entries and its unique pointers along, so no repository writes an index
 * or orders its writes by hand. Every guard is checked when the commit is applied: if anything this change was
 * decided on has changed since it was read, nothing is written and the change is decided again.
 */
export class Changes {
  private readonly guardList: CommitGuard[] = [];
  private readonly writeList: CommitWrite[] = [];
  private readonly guardedKeys = new Set<string>();
  private readonly writtenKeys = new Set<string>();

  /**
   * Unique pointers this commit takes over although they exist: each names a record that is gone (or no longer
   * claims it). The caller holds LOCKS.reclaim for it and guards that record's absence or version; the pointer
   * itself is guarded present instead of absent.
   */
  constructor(private readonly reclaimed: ReadonlySet<string> = new Set()) {}

  private claimPointer(pointer: string): void {
    this.guard(this.reclaimed.has(pointer) ? { kind: "present", key: pointer } : { kind: "absent", key: pointer });
  }

  get guards(): readonly CommitGuard[] {
    return this.guardList;
  }

  get writes(): readonly CommitWrite[] {
    return this.writeList;
  }

  get isEmpty(): boolean {
    return this.writeList.length === 0;
  }

  private guard(guard: CommitGuard): void {
    const id = `${guard.kind}:${guard.key}`;
    if (this.guardedKeys.has(id)) return;
    this.guardedKeys.add(id);
    this.guardList.push(guard);
  }

  /** A record's value is written at most once per commit: a second write is a planning bug, not a merge. */
  private claimKey(key: string): void {
    if (this.writtenKeys.has(key)) throw new Error(`Changes: ${key} is written twice in one commit`);
    this.writtenKeys.add(key);
  }

  /** A new record at version 1; its key and unique values must be free. */
  create<T extends Versioned>(spec: RecordSpec<T>, record: T): T {
    const created = spec.schema.parse({ ...record, version: 1 });
    const key = keyOf(spec, created);
    this.claimKey(key);
    this.guard({ kind: "absent", key });
    this.writeList.push({ op: "set", key, value: created });
    for (const setKey of indexKeys(spec, created))
      this.writeList.push({ op: "setAdd", key: setKey, member: spec.id(created) });
    for (const unique of spec.unique) {
      const value = unique.value(created);
      if (value === null) continue;
      const pointer = uniqueKey(unique, value);
      this.claimKey(pointer);
      this.claimPointer(pointer);
      this.writeList.push({ op: "set", key: pointer, value: { [unique.field]: spec.id(created) } });
    }
    return created;
  }

  /**
   * `next` replaces `previous` (as read), one version up, only if the record still has the version read.
   * Index entries and unique pointers follow the change.
   */
  update<T extends Versioned>(spec: RecordSpec<T>, previous: T, next: T): T {
    const key = keyOf(spec, previous);
    if (keyOf(spec, next) !== key) throw new Error(`Changes: an update cannot change ${key}'s id`);
    const updated = spec.schema.parse({ ...next, version: previous.version + 1 });
    this.claimKey(key);
    this.guard({ kind: "version", key, version: previous.version });
    this.writeList.push({ op: "replace", key, value: updated });
    const id = spec.id(updated);
    const before = new Set(indexKeys(spec, previous));
    const after = new Set(indexKeys(spec, updated));
    for (const setKey of before)
      if (!after.has(setKey)) this.writeList.push({ op: "setRemove", key: setKey, member: id });
    for (const setKey of after) if (!before.has(setKey)) this.writeList.push({ op: "setAdd", key: setKey, member: id });
    for (const unique of spec.unique) {
      const was = unique.value(previous);
      const now = unique.value(updated);
      if (was === now) continue;
      if (was !== null) {
        const pointer = uniqueKey(unique, was);
        this.claimKey(pointer);
        this.writeList.push({ op: "remove", key: pointer });
      }
      if (now !== null) {
        const pointer = uniqueKey(unique, now);
        this.claimKey(pointer);
        this.claimPointer(pointer);
        this.writeList.push({ op: "set", key: pointer, value: { [unique.field]: id } });
      }
    }
    return updated;
  }

  /** A new version with the same content: tells concurrent changes that depend on this record to look again. */
  touch<T extends Versioned>(spec: RecordSpec<T>, record: T): T {
    return this.update(spec, record, record);
  }

  /** Removes a record (as read, at its version) with its index entries and unique pointers. */
  remove<T extends Versioned>(spec: RecordSpec<T>, previous: T): void {
    const key = keyOf(spec, previous);
    this.claimKey(key);
    this.guard({ kind: "version", key, version: previous.version });
    this.writeList.push({ op: "remove", key });
    for (const setKey of indexKeys(spec, previous))
      this.writeList.push({ op: "setRemove", key: setKey, member: spec.id(previous) });
    for (const unique of spec.unique) {
      const value = unique.value(previous);
      if (value === null) continue;
      const pointer = uniqueKey(unique, value);
      this.claimKey(pointer);
      this.writeList.push({ op: "remove", key: pointer });
    }
  }

  /** The commit applies only if this record (read to decide it) is still at the version read. */
  unchanged<T extends Versioned>(spec: RecordSpec<T>, record: T): void {
    this.guard({ kind: "version", key: keyOf(spec, record), version: record.version });
  }

  /** The commit applies only while this key is absent (or present). */
  requireAbsent(key: string): void {
    this.guard({ kind: "absent", key });
  }

  requirePresent(key: string): void {
    this.guard({ kind: "present", key });
  }

  /** A set entry whose record is already gone (left behind by old code or a bug): dropped on the way. */
  dropIndexEntry(setKey: string, member: string): void {
    this.writeList.push({ op: "setRemove", key: setKey, member });
  }

  /** A plain value outside the record declarations (a marker, a queue entry), written with this commit. */
  put(key: string, value: unknown, options: { ifAbsent?: boolean } = {}): void {
    this.claimKey(key);
    if (options.ifAbsent) this.guard({ kind: "absent", key });
    this.writeList.push({ op: "set", key, value });
  }

  discard(key: string): void {
    this.claimKey(key);
    this.writeList.push({ op: "remove", key });
  }
}

/**
 * Thrown by a decision that saw the store mid-change (two reads that do not fit together, such as a pointer
 * naming a record that is already gone): the decision is made again from fresh reads, like a failed guard.
 */
export class DecideAgain extends Error {
  constructor(why: string) {
    super(why);
    this.name = "DecideAgain";
  }
}

/**
 * How often, and for how long, a change is decided again when what it read changed meanwhile, before "busy,
 * try again". Generous on purpose: on fs every commit waits for its fsyncs, and a burst of changes to one
 * record (a household's answers from two phones, guests claiming the last dishes) takes a few rounds.
 */
export const MAX_ATTEMPTS = 40;
export const MAX_DECIDE_MS = 10_000;

export interface AtomicOptions {
  /** For the busy message and the logs: what was being done. */
  what: string;
  attempts?: number;
  /** The time the change is made at (UnitOfWork.now); the clock when absent. */
  now?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Jittered and growing: two requests that collided do not collide again in step. */
const backoff = (attempt: number) => Math.random() * Math.min(4 * 2 ** Math.min(attempt, 6), 150);

/**
 * Runs `decide` (reads, then plans the writes) and commits what it planned, all or nothing. When a guard
 * fails (someone changed a record this decision read) the decision is made again from fresh reads: the
 * result is always that of some serial order. A store that reports itself busy is retried the same way.
 * After MAX_ATTEMPTS the caller gets StoreBusyError ("busy, try again"), never a half-done change. A decision
 * that plans no write commits nothing.
 */
export async function atomically<T>(
  store: AppStore,
  options: AtomicOptions,
  decide: () => Promise<{ result: T; changes: Changes }>,
): Promise<T> {
  const attempts = options.attempts ?? MAX_ATTEMPTS;
  const deadline = Date.now() + MAX_DECIDE_MS;
  let lastConflict = "";
  let attempt = 0;
  while (attempt < attempts && (attempt < 3 || Date.now() < deadline)) {
    attempt += 1;
    let decided: { result: T; changes: Changes };
    try {
      decided = await decide();
    } catch (error) {
      if (!(error instanceof DecideAgain)) throw error;
      lastConflict = error.message;
      await sleep(backoff(attempt));
      continue;
    }
    const { result, changes } = decided;
    if (changes.isEmpty) return result;
    try {
      const outcome = await store.commit({ guards: changes.guards, writes: changes.writes });
      if (outcome.ok) return result;
      lastConflict = `${outcome.conflict.kind} guard on ${outcome.conflict.key}`;
    } catch (error) {
      if (!(error instanceof StoreBusyError)) throw error;
      lastConflict = error.message;
    }
    await sleep(backoff(attempt));
  }
  throw new StoreBusyError(`${options.what}: still conflicting after ${attempt} attempts (last: ${lastConflict})`);
}

interface Tracked {
  spec: RecordSpec<Versioned>;
  /** As read (null: known absent, or created here). */
  original: Versioned | null;
  /** As it will be after the commit (null: absent). */
  next: Versioned | null;
  touched: boolean;
  /**
   * Set for a record only ever adjusted (never read to decide anything): its new state is this pure function
   * of its current one, so when only its version changed meanwhile the commit is rebased on a fresh read of it
   * instead of deciding the whole change again.
   */
  adjust?: (current: Versioned) => Versioned;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A working copy of the records one change reads and writes. Every record read through it is guarded at its
 * version when the commit applies (what the decision was based on must still hold), every staged change
 * becomes the matching create, update or remove, and a record changed twice is written once. Planning code
 * therefore only says what the new state is; which guards and index writes that takes is derived here.
 */
export class UnitOfWork {
  private readonly tracked = new Map<string, Tracked>();
  private readonly extras: ((changes: Changes) => void)[] = [];
  private readonly reclaimed = new Set<string>();

  constructor(readonly now: number = Date.now()) {}

  /** See Changes' constructor: only under LOCKS.reclaim(pointer), with the old holder's absence guarded. */
  reclaim(pointer: string): void {
    this.reclaimed.add(pointer);
  }

  /** Registers records as read (they will be guarded) and returns the working copy of each. */
  read<T extends Versioned>(spec: RecordSpec<T>, record: T): T {
    const key = keyOf(spec, record);
    const known = this.tracked.get(key);
    if (known) {
      // Read to decide something now: a change to it means deciding again, not rebasing.
      delete known.adjust;
      return known.next as T;
    }
    this.tracked.set(key, { spec: spec, original: record, next: record, touched: false });
    return record;
  }

  readAll<T extends Versioned>(spec: RecordSpec<T>, records: Iterable<T>): T[] {
    return [...records].map((record) => this.read(spec, record));
  }

  /** The working copy of a record read or created here (null when removed or never seen). */
  current<T extends Versioned>(spec: RecordSpec<T>, id: string): T | null {
    return (this.tracked.get(recordKey(spec, id))?.next as T | undefined) ?? null;
  }

  create<T extends Versioned>(spec: RecordSpec<T>, record: T): T {
    const key = keyOf(spec, record);
    if (this.tracked.has(key)) throw new Error(`UnitOfWork: ${key} exists in this change`);
    const created = spec.schema.parse({ ...record, version: 1 });
    this.tracked.set(key, { spec: spec, original: null, next: created, touched: false });
    return created;
  }

  /**
   * Stages the new state of a record read here, and returns it as it will be stored (one version up). The
   * working copy keeps the version read, so `current` and further `put`s build on it.
   */
  put<T extends Versioned>(spec: RecordSpec<T>, record: T): T {
    const entry = this.tracked.get(keyOf(spec, record));
    if (!entry || entry.next === null)
      throw new Error(`UnitOfWork: ${keyOf(spec, record)} was not read (or was removed) before being changed`);
    const version = entry.original?.version ?? 1;
    const parsed = spec.schema.parse({ ...record, version });
    entry.next = parsed;
    return { ...parsed, version: entry.original ? version + 1 : version };
  }

  remove<T extends Versioned>(spec: RecordSpec<T>, record: T): void {
    const entry = this.tracked.get(keyOf(spec, record));
    if (!entry) throw new Error(`UnitOfWork: ${keyOf(spec, record)} was not read before being removed`);
    entry.next = null;
  }

  /**
   * Stages `change` applied to a record this decision does not otherwise depend on (an event's counts moved
   * by an answer). If only that record changed when the commit is applied, the change is rebased on its new
   * state (see transact) rather than decided again: many guests answering at once do not starve each other.
   */
  adjust<T extends Versioned>(spec: RecordSpec<T>, record: T, change: (current: T) => T): void {
    const key = keyOf(spec, record);
    const known = this.tracked.get(key);
    const apply = (current: Versioned) =>
      spec.schema.parse({ ...change(current as T), version: current.version }) as Versioned;
    if (!known) {
      this.tracked.set(key, { spec: spec, original: record, next: apply(record), touched: false, adjust: apply });
      return;
    }
    if (known.next === null) throw new Error(`UnitOfWork: ${key} is removed in this change`);
    known.next = apply(known.next);
    if (known.adjust) {
      const before = known.adjust;
      known.adjust = (current) => apply(before(current));
    }
  }

  /** The records only adjusted, never read to decide (see adjust). */
  adjustedKeys(): string[] {
    return [...this.tracked.entries()]
      .filter(([, entry]) => entry.adjust !== undefined && entry.next !== null)
      .map(([key]) => key);
  }

  /** Whether a conflict on `key` can be resolved by rebasing (see adjust). */
  canRebase(key: string): boolean {
    return this.tracked.get(key)?.adjust !== undefined;
  }

  /** Re-applies the adjustments of `key` to its state as just read (null: it is gone, decide again). */
  rebase(key: string, raw: unknown): boolean {
    const entry = this.tracked.get(key);
    if (!entry?.adjust || raw === null || raw === undefined) return false;
    const fresh = entry.spec.schema.safeParse(raw);
    if (!fresh.success) return false;
    entry.original = fresh.data;
    entry.next = entry.adjust(fresh.data);
    return true;
  }

  /** A new version with the same content (see Changes.touch). */
  touch<T extends Versioned>(spec: RecordSpec<T>, record: T): void {
    const entry = this.tracked.get(keyOf(spec, this.read(spec, record)));
    entry!.touched = true;
  }

  requireAbsent(key: string): void {
    this.extras.push((changes) => changes.requireAbsent(key));
  }

  requirePresent(key: string): void {
    this.extras.push((changes) => changes.requirePresent(key));
  }

  dropIndexEntry(setKey: string, member: string): void {
    this.extras.push((changes) => changes.dropIndexEntry(setKey, member));
  }

  /** A plain value outside the record declarations, written with this commit. */
  putValue(key: string, value: unknown, options: { ifAbsent?: boolean } = {}): void {
    this.extras.push((changes) => changes.put(key, value, options));
  }

  removeValue(key: string): void {
    this.extras.push((changes) => changes.discard(key));
  }

  /** Whether anything would be written. */
  get isEmpty(): boolean {
    return this.toChanges().isEmpty;
  }

  toChanges(): Changes {
    const changes = new Changes(this.reclaimed);
    for (const { spec, original, next, touched } of this.tracked.values()) {
      if (original === null && next === null) continue;
      if (original === null) changes.create(spec, next!);
      else if (next === null) changes.remove(spec, original);
      else if (touched || !same(spec.schema.parse(original), next)) changes.update(spec, original, next);
      else changes.unchanged(spec, original);
    }
    for (const extra of this.extras) extra(changes);
    return changes;
  }
}

/** Rebases of adjusted records per decision before deciding again (each costs one read and one commit). */
const MAX_REBASES = 40;

/** One queue per store object: one per process in the app (tests model two instances with two objects). */
const queues = globalThis as typeof globalThis & { __hppAdjustQueues?: WeakMap<AppStore, KeyedMutex> };

function adjustQueueOf(store: AppStore): KeyedMutex {
  queues.__hppAdjustQueues ??= new WeakMap();
  let queue = queues.__hppAdjustQueues.get(store);
  if (!queue) queues.__hppAdjustQueues.set(store, (queue = new KeyedMutex()));
  return queue;
}

/**
 * The way repositories change data: `decide` reads through a UnitOfWork and stages the new state; the commit
 * guards every record it read and writes what changed. A commit refused because a record it only adjusted
 * (see UnitOfWork.adjust) moved on is rebased on that record's new state and tried again at once; any other
 * refusal decides again from fresh reads (see atomically).
 *
 * Changes that adjust the same record queue for it within this process (LOCKS.adjustQueue): a hundred guests
 * answering one event at once commit one after another, each on the counts the previous one left, instead of
 * a hundred commits colliding on one record and retrying each other out. The queue orders work only; what is
 * correct is still decided by the guards (another instance's commits are rebased on like any other change).
 */
export function transact<T>(
  store: AppStore,
  options: AtomicOptions,
  decide: (work: UnitOfWork) => Promise<T>,
): Promise<T> {
  return atomically(store, options, async () => {
    const work = new UnitOfWork(options.now ?? Date.now());
    const result = await decide(work);
    const adjusted = work.adjustedKeys();
    if (adjusted.length === 0) return { result, changes: work.toChanges() };
    const queue = adjustQueueOf(store);
    const run = async () => {
      // Whoever went before in the queue has just moved these records: start from their state.
      const fresh = await store.getMany(adjusted);
      adjusted.forEach((key, i) => {
        if (!work.rebase(key, fresh[i])) throw new DecideAgain(`${key} is gone`);
      });
      return commitRebasing(store, work, result);
    };
    // Queued in key order, so two changes adjusting the same two records cannot wait on each other.
    const queued = [...adjusted]
      .sort()
      .reduceRight<() => Promise<{ result: T; changes: Changes }>>(
        (inner, key) => () => queue.run(`${LOCKS.adjustQueue}.${key}`, inner),
        run,
      );
    return queued();
  });
}

/** Commits a unit of work, rebasing its adjusted records when only they moved on. */
async function commitRebasing<T>(
  store: AppStore,
  work: UnitOfWork,
  result: T,
): Promise<{ result: T; changes: Changes }> {
  for (let rebases = 0; ; rebases++) {
    const changes = work.toChanges();
    if (changes.isEmpty || rebases >= MAX_REBASES) return { result, changes };
    // Tried here; atomically() gets an empty change (nothing left to do) when this commit went through.
    let outcome: Awaited<ReturnType<AppStore["commit"]>>;
    try {
      outcome = await store.commit({ guards: changes.guards, writes: changes.writes });
    } catch (error) {
      if (error instanceof StoreBusyError) return { result, changes };
      throw error;
    }
    if (outcome.ok) return { result, changes: new Changes() };
    const { key } = outcome.conflict;
    if (outcome.conflict.kind !== "version" || !work.canRebase(key))
      throw new DecideAgain(`${outcome.conflict.kind} guard on ${key}`);
    if (!work.rebase(key, await store.get(key))) throw new DecideAgain(`${key} is gone`);
    await sleep(Math.random() * Math.min(1 + rebases, 20));
  }
}
