export type StoreKind = "memory" | "fs" | "redis" | "upstash";

export interface SetOptions {
  /** Seconds until the key expires. Redis and Upstash expire it natively; memory and fs ignore it, so
   * every record with a lifetime also carries its own expiry and is checked on read. */
  ttlSeconds?: number;
}

/**
 * The one storage interface the app uses: plain keys and values through unstorage, plus the few atomic
 * operations unstorage lacks (conditional writes, read-and-delete, sets, locks), done natively per driver.
 * Keys are `namespace:id[:...]`, each segment letters, digits, `_`, `-` or `.`.
 */
export interface AppStore {
  readonly kind: StoreKind;
  /** Where the data lives, safe to log (passwords masked). */
  readonly description: string;

  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, options?: SetOptions): Promise<void>;
  /** Writes only if the key exists now, so a late write can never resurrect a deleted record. */
  replace(key: string, value: unknown, options?: SetOptions): Promise<boolean>;
  /** Writes only if the key does not exist yet. */
  add(key: string, value: unknown, options?: SetOptions): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** Reads and deletes in one step: of several concurrent callers, exactly one gets the value. */
  take(key: string): Promise<unknown>;
  /**
   * Adds 1 to the counter under `key` and returns its new value in one atomic step: of N concurrent callers,
   * each gets a different value and the counter ends N higher. The counter expires `ttlSeconds` after its LAST
   * increment (each increment moves the expiry); an expired counter counts from 0 again. Redis and Upstash:
   * INCR and PEXPIRE in one Lua script (one round trip); fs: the new value written to a temp file and renamed
   * over the counter's file under the key's lock; memory: one step. A counter key is only ever written by
   * incrementCounter (read it with getCounter, delete it with remove).
   */
  incrementCounter(key: string, options: CounterOptions): Promise<number>;
  /** A counter's current value: 0 when it is absent or expired. */
  getCounter(key: string): Promise<number>;

  setAdd(setKey: string, member: string): Promise<void>;
  setRemove(setKey: string, member: string): Promise<void>;
  setMembers(setKey: string): Promise<string[]>;

  /** Many values in one round trip (MGET on Redis), in the order of `keys`; null where a key is absent. */
  getMany(keys: readonly string[]): Promise<unknown[]>;
  /**
   * The members of a set, each with the value stored under `namespace:member` (null when that key is absent,
   * a dangling index entry), in one round trip: an index and its records read together.
   */
  readIndex(setKey: string, namespace: string): Promise<IndexEntry[]>;
  /**
   * Applies every write or none, and only if every guard holds when it is applied. This is the one way the
   * app changes more than one key at once: on Redis and Upstash one Lua script, on fs a store-wide write lock
   * and a write-ahead journal (a crash at any point leaves the old state or the new one), in memory one step.
   * A guard that does not hold is a typed conflict, never a thrown outage. Keys written by commits are only
   * ever written by commits (fs: single-key writes do not take the commit lock, so they would race a commit).
   *
   * What a concurrent reader sees: on Redis, Upstash and memory a commit is one step, and getMany and
   * readIndex are snapshots. On fs each key changes atomically (old file or new file), but a reader may see
   * some keys of a commit old and others new while it applies; records are written before the index entries
   * that point at them and index entries are removed before their records, so an index read only sees a
   * dangling entry when a removal lands between its listing and its record read.
   *
   * A thrown StoreUnavailableError leaves the outcome unknown (on Redis the script may have run after the
   * client gave up; on fs an unfinished commit is completed by the next commit or open): read again before
   * deciding. Malformed requests (bad keys, a value of null or undefined, one key used both as a value and a
   * set) reject with a plain Error before anything is read or written.
   */
  commit(request: CommitRequest): Promise<CommitResult>;

  /**
   * Runs fn while holding a named lock shared by every process using this store. Names follow the one naming
   * rule of ./lock-names (build them with lockName()). A lock whose holder died is recovered well within a
   * waiter's patience; a lock still held when the patience runs out throws StoreBusyError (never
   * StoreUnavailableError, which means the store itself cannot be reached).
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;

  /**
   * Maintenance only: removes what killed writers left behind (on fs, temporary files whose writer is dead
   * or which are too old for any live write to own; elsewhere nothing). Returns how many it removed. The fs
   * store also runs it once in the background when a process first uses it.
   */
  sweepLeftovers?(): Promise<number>;

  /** Every key in a namespace. Maintenance only (CLI, sweeps): on Redis this is a SCAN. */
  listKeys(namespace: string): Promise<string[]>;
  /**
   * Maintenance only, like listKeys (a SCAN on Redis): calls visit with every value of a namespace and its size
   * as stored, at most `concurrency` (default 64) reads and visits in flight. Returns how many keys were
   * listed; a key removed between the listing and its read is counted but not visited. On fs the directory
   * is streamed rather than held whole, and each value is read once, its byte count taken from what was read.
   */
  forEachValue(
    namespace: string,
    visit: (entry: StoredEntry) => Promise<void> | void,
    options?: { concurrency?: number },
  ): Promise<number>;
  /** Throws StoreUnavailableError when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface CounterOptions {
  /** Seconds from this increment until the counter expires (at least 1). */
  ttlSeconds: number;
}

/** How fs and memory keep a counter (Redis keeps a plain integer with a native expiry). */
export interface StoredCounter {
  count: number;
  /** Epoch ms; the counter is absent from then on. */
  expiresAt: number;
}

/** A stored counter record, or null when the value is not one (or has expired at `now`). */
export function liveCounter(value: unknown, now: number): StoredCounter | null {
  if (typeof value !== "object" || value === null) return null;
  const { count, expiresAt } = value as Partial<StoredCounter>;
  if (!Number.isSafeInteger(count) || typeof expiresAt !== "number" || expiresAt <= now) return null;
  return { count: count!, expiresAt };
}

/** fs and memory: the record after one increment of `stored` (an expired or absent counter starts from 1). */
export function nextCounter(stored: unknown, ttlMs: number, now = Date.now()): StoredCounter {
  return { count: (liveCounter(stored, now)?.count ?? 0) + 1, expiresAt: now + ttlMs };
}

/** The expiry in ms of a counter increment, validated once for every store. */
export function counterTtlMs(options: CounterOptions): number {
  if (!Number.isFinite(options.ttlSeconds) || options.ttlSeconds <= 0) {
    throw new Error(`incrementCounter needs a positive ttlSeconds, got ${options.ttlSeconds}`);
  }
  return Math.max(1000, Math.ceil(options.ttlSeconds * 1000));
}

export interface IndexEntry {
  member: string;
  /** The value under `namespace:member`, or null when that key is absent. */
  value: unknown;
}

/** A condition a commit checks atomically with its writes. */
export type CommitGuard =
  | { kind: "absent"; key: string }
  | { kind: "present"; key: string }
  /** The key holds a record whose top-level `version` field equals `version` (an absent key fails). */
  | { kind: "version"; key: string; version: number };

/** One write of a commit. Writes apply in order; a later write to the same key wins. */
export type CommitWrite =
  | { op: "set"; key: string; value: unknown; ttlSeconds?: number }
  /** Like set, but the commit conflicts (and nothing is written) when the key is absent. */
  | { op: "replace"; key: string; value: unknown; ttlSeconds?: number }
  | { op: "remove"; key: string }
  | { op: "setAdd"; key: string; member: string }
  | { op: "setRemove"; key: string; member: string };

export interface CommitRequest {
  guards?: readonly CommitGuard[];
  writes: readonly CommitWrite[];
}

export type CommitResult =
  | { ok: true }
  /** The first guard (or replace) that did not hold; nothing was written. */
  | { ok: false; conflict: { key: string; kind: CommitGuard["kind"] } };

/** The guards of a request with each replace's implied "present" guard added, in order. */
export function guardsOf(request: CommitRequest): CommitGuard[] {
  const guards: CommitGuard[] = [...(request.guards ?? [])];
  for (const write of request.writes) if (write.op === "replace") guards.push({ kind: "present", key: write.key });
  return guards;
}

/** Whether a stored value (deserialised, or null when absent) satisfies a guard. */
export function guardHolds(guard: CommitGuard, value: unknown): boolean {
  switch (guard.kind) {
    case "absent":
      return value === null || value === undefined;
    case "present":
      return value !== null && value !== undefined;
    case "version":
      return typeof value === "object" && value !== null && (value as { version?: unknown }).version === guard.version;
  }
}

/**
 * Every key and set member of a request, validated before anything is read or written. Two more rules keep
 * the stores alike: a written value is never null or undefined (remove the key instead: a stored null reads
 * as absent on some stores and present on others), and no key is both a value (guarded, set, replaced,
 * removed) and a set in one request (Redis keeps both in one keyspace and would fail halfway through).
 */
export function assertValidCommit(request: CommitRequest): void {
  const writes: unknown = (request as CommitRequest | undefined)?.writes;
  if (!Array.isArray(writes)) throw new Error("Invalid commit: writes must be an array");
  const valueKeys = new Set<string>();
  const setKeys = new Set<string>();
  for (const guard of request.guards ?? []) {
    assertValidKey(guard.key);
    if (guard.kind === "version" && !Number.isFinite(guard.version)) {
      throw new Error(`Invalid commit: the version guard on ${JSON.stringify(guard.key)} needs a finite number`);
    }
    valueKeys.add(guard.key);
  }
  for (const write of request.writes) {
    assertValidKey(write.key);
    if (write.op === "setAdd" || write.op === "setRemove") {
      assertValidKey(`m:${write.member}`);
      setKeys.add(write.key);
    } else {
      if ((write.op === "set" || write.op === "replace") && (write.value === null || write.value === undefined)) {
        throw new Error(
          `Invalid commit: ${write.op} of ${JSON.stringify(write.key)} has no value (remove the key instead)`,
        );
      }
      valueKeys.add(write.key);
    }
  }
  for (const key of setKeys) {
    if (valueKeys.has(key))
      throw new Error(`Invalid commit: ${JSON.stringify(key)} is used both as a value and as a set`);
  }
}

export interface StoredEntry {
  key: string;
  value: unknown;
  /** Bytes the value takes as stored (its serialised UTF-8 form), as read, not re-serialised. */
  bytes: number;
}

export const DEFAULT_WALK_CONCURRENCY = 64;

/**
 * Runs fn on every item of a (possibly streamed) source, at most `limit` at a time, pulling items only as
 * workers free up, so a directory of 100,000 files is never held whole. The first failure stops further
 * items; the ones already running finish before it is thrown. Returns how many items were pulled.
 */
export async function forEachConcurrently<T>(
  source: AsyncIterable<T> | Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void> | void,
): Promise<number> {
  const iterator: AsyncIterator<T> | Iterator<T> =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  let pulled = 0;
  let failed = false;
  const worker = async () => {
    while (!failed) {
      // Concurrent next() calls on an async generator (fs.Dir's included) are queued, never interleaved.
      const next = await iterator.next();
      if (next.done) return;
      pulled += 1;
      try {
        await fn(next.value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  try {
    const results = await Promise.allSettled(Array.from({ length: Math.max(1, limit) }, worker));
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (rejected) throw rejected.reason;
  } finally {
    // Closes a directory handle that a failure left half read.
    await iterator.return?.();
  }
  return pulled;
}

/**
 * forEachValue for stores that list keys first and then read them (memory, Redis): the keys are read in
 * batches of `batchSize` through readBatch (one MGET per batch on Redis), then each batch's values are
 * visited, `concurrency` at a time.
 */
export async function forEachListedValue(
  keys: string[],
  readBatch: (keys: string[]) => Promise<unknown[]>,
  visit: (entry: StoredEntry) => Promise<void> | void,
  options: { concurrency?: number; batchSize?: number } = {},
): Promise<number> {
  const concurrency = options.concurrency ?? DEFAULT_WALK_CONCURRENCY;
  const batchSize = Math.max(1, options.batchSize ?? concurrency);
  for (let start = 0; start < keys.length; start += batchSize) {
    const batch = keys.slice(start, start + batchSize);
    const raws = await readBatch(batch);
    await forEachConcurrently(batch.keys(), concurrency, async (i) => {
      const raw = raws[i];
      if (raw === null || raw === undefined) return; // removed since it was listed
      const text = typeof raw === "string" ? raw : serialize(raw);
      await visit({ key: batch[i]!, value: deserialize(raw), bytes: Buffer.byteLength(text, "utf8") });
    });
  }
  return keys.length;
}

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/**
 * A key is `namespace:id[:...]`, each segment letters, digits, `_`, `-` or `.` (never `.` or `..` alone).
 * Namespaces starting with `_` are the store's own (`_sets`, `_locks`, `_journal` on fs; `_locks` on Redis).
 */
export function assertValidKey(key: string): void {
  const segments = typeof key === "string" ? key.split(":") : [];
  if (
    segments.length < 2 ||
    segments[0]!.startsWith("_") ||
    segments.some((s) => !SEGMENT.test(s) || s === "." || s === "..")
  ) {
    throw new Error(`Invalid store key: ${JSON.stringify(key)}`);
  }
}

export function serialize(value: unknown): string {
  return JSON.stringify(value);
}

export function deserialize(raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    // A value that is not JSON is returned as it is: the caller's schema decides it is invalid.
    return raw;
  }
}
