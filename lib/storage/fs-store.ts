import { promises as fsp } from "node:fs";
import path from "node:path";
import { createStorage, defineDriver } from "unstorage";
import {
  asStoreError,
  isErrno,
  pathExists,
  readSmallFile,
  sweepTempFiles,
  TMP_SUFFIX,
  unlinkIfPresent,
  writeFileAtomic,
} from "./fs-files";
import { createJournal, planCommit } from "./fs-journal";
import { createFsLocks, tempPathFor, type FsLockOptions } from "./fs-lock";
import { appLockId, COMMIT_LOCK_ID, keyLockId } from "./lock-names";
import {
  assertValidCommit,
  assertValidKey,
  counterTtlMs,
  DEFAULT_WALK_CONCURRENCY,
  deserialize,
  forEachConcurrently,
  guardHolds,
  guardsOf,
  liveCounter,
  nextCounter,
  type AppStore,
  type CommitResult,
} from "./types";
import { StoreUnavailableError } from "../errors";

export { writeFileAtomic } from "./fs-files";

/**
 * Local store: one file per key under DATA_DIR (`sessions:abc` is `DATA_DIR/sessions/abc`), one empty file
 * per set member (`DATA_DIR/_sets/<set>/<member>`).
 *
 * unstorage's own fs driver writes in place, so a crash or a concurrent reader can see half a file. This
 * driver writes a temp file in the same directory and renames it over the target: rename is atomic on
 * POSIX, so a reader sees the old file or the new one, never a torn one.
 *
 * Multi-key commits go through a store-wide lock and a write-ahead journal (./fs-journal). Single-key writes
 * (set, add, replace, remove, take: the session layer's) never take that lock and stay as cheap as a file
 * write, which is why keys written by commits must only ever be written by commits. Locks (./fs-lock) name
 * their owner so that a dead holder's lock is broken at once. Temp files of killed writes are swept when a
 * process first opens the store and by the hourly sweep (sweepLeftovers).
 */

export interface FsStoreOptions {
  /** Lock timing (tests shorten the waiter's patience). */
  locks?: FsLockOptions;
}

const atomicFsDriver = defineDriver((opts: { base: string }) => {
  const base = path.resolve(opts.base);
  const fileOf = (key: string) => path.join(base, ...key.split(":"));
  return {
    name: "fs-atomic",
    options: opts,
    async hasItem(key: string) {
      return fsp.access(fileOf(key)).then(
        () => true,
        () => false,
      );
    },
    async getItem(key: string) {
      // Every signed-in request reads its session record here: see readSmallFile for why not fs/promises.
      const data = await readSmallFile(fileOf(key));
      return data === null ? null : data.toString("utf8");
    },
    async setItem(key: string, value: string) {
      await writeFileAtomic(fileOf(key), value);
    },
    async removeItem(key: string) {
      await fsp.rm(fileOf(key), { force: true });
    },
    async getKeys(prefix: string) {
      // Only the namespace's own directory is read: never the whole DATA_DIR.
      const dir = prefix ? fileOf(prefix.replace(/:$/, "")) : base;
      const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
      const ns = prefix.replace(/:$/, "");
      return entries
        .filter((e) => e.isFile() && !e.name.endsWith(TMP_SUFFIX))
        .map((e) => (ns ? `${ns}:${e.name}` : e.name));
    },
    async clear() {
      // Deliberately a no-op: clearing is done key by key by the caller, never by wiping DATA_DIR.
    },
  };
});

export function createFsStore(dataDir: string, options: FsStoreOptions = {}): AppStore {
  const base = path.resolve(dataDir);
  const storage = createStorage({ driver: atomicFsDriver({ base }) });
  // Keys are validated before use (assertValidKey: no separators, no "." or ".." segments), so a path is a
  // plain concatenation: path.join's normalisation was a measurable share of a prune over 100,000 files.
  const sep = path.sep;
  const fileOf = (key: string) => base + sep + key.split(":").join(sep);
  const setDirOf = (setKey: string) => base + sep + "_sets" + sep + setKey.split(":").join(sep);
  const memberFileOf = (setKey: string, member: string) => setDirOf(setKey) + sep + member;
  const locks = createFsLocks(base, options.locks);
  const journal = createJournal({ base, fileOf, memberFileOf });
  let ready = false;
  let announced = false;
  let recovered = false;
  let recovering: Promise<void> | null = null;
  let sweeping: Promise<unknown> | null = null;

  async function checkWritable(): Promise<void> {
    try {
      await fsp.mkdir(base, { recursive: true });
      await fsp.access(base, fsp.constants.W_OK);
    } catch (error) {
      throw new StoreUnavailableError(`DATA_DIR ${base} is not writable: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /**
   * Opening the store, once per process, before anything is read: an unfinished commit (a process killed
   * mid-commit) is finished from its journal, then leftovers of killed writes are swept in the background.
   */
  async function recover(): Promise<void> {
    if (await journal.pending()) await locks.withLock(COMMIT_LOCK_ID, () => journal.replay());
    recovered = true;
    sweeping = sweepLeftovers()
      .then((removed) => {
        if (removed > 0) console.info(`[store] removed ${removed} leftover file(s) of killed writes under ${base}`);
      })
      .catch((error: unknown) =>
        console.error(`[store] sweeping leftovers under ${base} failed: ${(error as Error).message}`),
      );
  }

  async function ensureBase(recheck = false): Promise<void> {
    if (ready && !recheck) return;
    await checkWritable();
    if (!recovered) {
      recovering ??= recover().finally(() => (recovering = null));
      await recovering;
    }
    ready = true;
    if (!announced) {
      announced = true;
      console.info(`[store] using the fs store at ${base}`);
    }
  }

  async function sweepLeftovers(): Promise<number> {
    const locksRemoved = await locks.sweep();
    return locksRemoved + (await sweepTempFiles(base));
  }

  async function readValue(key: string): Promise<unknown> {
    const data = await readSmallFile(fileOf(key));
    return data === null ? null : deserialize(data.toString("utf8"));
  }

  async function exists(key: string): Promise<boolean> {
    return fsp.access(fileOf(key)).then(
      () => true,
      () => false,
    );
  }

  return {
    kind: "fs",
    description: `fs (${base})`,
    async get(key) {
      assertValidKey(key);
      await ensureBase();
      return (await storage.getItem(key)) ?? null;
    },
    async set(key, value) {
      assertValidKey(key);
      await ensureBase();
      await storage.setItem(key, value as never);
    },
    async replace(key, value) {
      assertValidKey(key);
      await ensureBase();
      return locks.withLock(keyLockId(key), async () => {
        if (!(await exists(key))) return false;
        await storage.setItem(key, value as never);
        return true;
      });
    },
    async add(key, value) {
      assertValidKey(key);
      await ensureBase();
      const file = fileOf(key);
      const tmp = tempPathFor(file);
      try {
        await fsp.mkdir(path.dirname(file), { recursive: true });
        await fsp.writeFile(tmp, JSON.stringify(value), { mode: 0o600 });
      } catch (error) {
        await fsp.rm(tmp, { force: true }).catch(() => undefined);
        throw asStoreError(error, file);
      }
      try {
        // link() fails with EEXIST when the target exists: an atomic create-if-absent with full content.
        await fsp.link(tmp, file);
        return true;
      } catch (error) {
        if (isErrno(error, "EEXIST")) return false;
        throw error;
      } finally {
        await fsp.rm(tmp, { force: true });
      }
    },
    async remove(key) {
      assertValidKey(key);
      await ensureBase();
      const file = fileOf(key);
      const lockId = keyLockId(key);
      // A remove must not land between replace()'s existence check and its write: the write would bring the
      // key back (a renewal resurrecting a signed-out session). replace() holds the key's lock across that
      // window, so taking the lock here would do, but a lock is a link and an unlink, and a prune removes tens
      // of thousands of records. So: unlink first, then look.
      // A replace that could undo this unlink found the file present before it and writes after it, so its
      // lock file exists from before the unlink until after its write. If the lock file is absent
      // now, that replace has already written, and the file exists again: the second look sees it. (Looking
      // at the file first could miss a write landing between the two looks.) Either look failing means
      // someone may have written since the unlink: unlink again under the lock, after any such replace.
      // Nobody holds the lock and the file stays gone: the common case costs an unlink and two lookups.
      await unlinkIfPresent(file);
      if (!(await pathExists(locks.lockPath(lockId))) && !(await pathExists(file))) return;
      await locks.withLock(lockId, () => unlinkIfPresent(file));
    },
    async take(key) {
      assertValidKey(key);
      await ensureBase();
      const file = fileOf(key);
      const claimed = tempPathFor(file);
      try {
        // Only one rename of the same file can succeed, so only one caller gets the value.
        await fsp.rename(file, claimed);
      } catch (error) {
        if (isErrno(error, "ENOENT")) return null;
        throw error;
      }
      try {
        return JSON.parse(await fsp.readFile(claimed, "utf8")) as unknown;
      } catch {
        return null;
      } finally {
        await fsp.rm(claimed, { force: true });
      }
    },
    async incrementCounter(key, options) {
      assertValidKey(key);
      const ttlMs = counterTtlMs(options);
      // Under the key's lock (the one replace() and remove() use), so concurrent increments from any process
      // never read the same value; written by temp file + rename, so a crash leaves the old count or the new.
      await ensureBase();
      return locks.withLock(keyLockId(key), async () => {
        const next = nextCounter(await storage.getItem(key), ttlMs);
        await storage.setItem(key, next as never);
        return next.count;
      });
    },
    async getCounter(key) {
      assertValidKey(key);
      await ensureBase();
      return liveCounter(await storage.getItem(key), Date.now())?.count ?? 0;
    },
    async setAdd(setKey, member) {
      assertValidKey(setKey);
      assertValidKey(`m:${member}`);
      await ensureBase();
      const dir = setDirOf(setKey);
      try {
        await fsp.mkdir(dir, { recursive: true });
        // One empty file per member: concurrent adders never read-modify-write a shared file.
        await fsp.writeFile(path.join(dir, member), "");
      } catch (error) {
        throw asStoreError(error, path.join(dir, member));
      }
    },
    async setRemove(setKey, member) {
      assertValidKey(setKey);
      assertValidKey(`m:${member}`);
      await ensureBase();
      await unlinkIfPresent(setDirOf(setKey) + sep + member);
    },
    async setMembers(setKey) {
      assertValidKey(setKey);
      await ensureBase();
      const entries = await fsp.readdir(setDirOf(setKey)).catch((error: unknown) => {
        if (isErrno(error, "ENOENT")) return [] as string[];
        throw error;
      });
      return entries.filter((name) => !name.endsWith(TMP_SUFFIX));
    },
    async getMany(keys) {
      keys.forEach(assertValidKey);
      await ensureBase();
      return Promise.all(keys.map(async (key) => (await storage.getItem(key)) ?? null));
    },
    async readIndex(setKey, namespace) {
      assertValidKey(setKey);
      assertValidKey(`${namespace}:x`);
      await ensureBase();
      const members = await fsp.readdir(setDirOf(setKey)).catch((error: unknown) => {
        if (isErrno(error, "ENOENT")) return [] as string[];
        throw error;
      });
      const live = members.filter((name) => !name.endsWith(TMP_SUFFIX));
      return Promise.all(
        live.map(async (member) => ({ member, value: (await storage.getItem(`${namespace}:${member}`)) ?? null })),
      );
    },
    async commit(request) {
      assertValidCommit(request);
      const guards = guardsOf(request);
      const plan = planCommit(request.writes);
      await ensureBase();
      return locks.withLock(COMMIT_LOCK_ID, async (): Promise<CommitResult> => {
        // A commit that a killed process (or a failed apply here) left unfinished is finished first.
        await journal.replay();
        for (const guard of guards) {
          if (!guardHolds(guard, await readValue(guard.key)))
            return { ok: false, conflict: { key: guard.key, kind: guard.kind } };
        }
        if (plan.values.length === 0 && plan.members.length === 0) return { ok: true };
        await journal.prepare(plan);
        await journal.commit(plan);
        return { ok: true };
      });
    },
    async withLock(name, fn) {
      const id = appLockId(name);
      await ensureBase();
      return locks.withLock(id, fn);
    },
    sweepLeftovers: async () => {
      await ensureBase();
      return sweepLeftovers();
    },
    async listKeys(namespace) {
      await ensureBase();
      return storage.getKeys(`${namespace}:`);
    },
    async forEachValue(namespace, visit, options = {}) {
      assertValidKey(`${namespace}:x`);
      await ensureBase();
      const dir = base + sep + namespace;
      const handle = await fsp.opendir(dir, { bufferSize: 256 }).catch((error: unknown) => {
        if (isErrno(error, "ENOENT")) return null;
        throw error;
      });
      if (!handle) return 0;
      async function* files() {
        for await (const entry of handle!) {
          if (entry.isFile() && !entry.name.endsWith(TMP_SUFFIX)) yield entry.name;
        }
      }
      return forEachConcurrently(files(), options.concurrency ?? DEFAULT_WALK_CONCURRENCY, async (name) => {
        const data = await readSmallFile(dir + sep + name);
        if (data === null) return; // removed since it was listed
        await visit({ key: `${namespace}:${name}`, value: deserialize(data.toString("utf8")), bytes: data.length });
      });
    },
    async ping() {
      await ensureBase(true);
    },
    async close() {
      await sweeping;
      await storage.dispose();
    },
  };
}
