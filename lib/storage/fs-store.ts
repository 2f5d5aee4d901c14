import { randomBytes } from "node:crypto";
import { access, close, open, promises as fsp, read, unlink } from "node:fs";
import path from "node:path";
import { createStorage, defineDriver } from "unstorage";
import { KeyedMutex } from "./mutex";
import {
  assertValidKey,
  counterTtlMs,
  DEFAULT_WALK_CONCURRENCY,
  deserialize,
  forEachConcurrently,
  liveCounter,
  nextCounter,
  StoreUnavailableError,
  type AppStore,
} from "./types";

/**
 * Local store: one file per key under DATA_DIR (`sessions:abc` is `DATA_DIR/sessions/abc`).
 *
 * unstorage's own fs driver writes in place, so a crash or a concurrent reader can see half a file. This
 * driver writes a temp file in the same directory and renames it over the target: rename is atomic on
 * POSIX, so a reader sees the old file or the new one, never a torn one.
 */

const TMP_SUFFIX = ".tmp";
const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 10_000;

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT"]);

/** A disk that refuses writes is an outage to report (503, a clear log line), not a bug to crash on. */
function asStoreError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && UNWRITABLE.has(code)) {
    return new StoreUnavailableError(`cannot write ${file} (${code}): is DATA_DIR writable and the disk not full?`, { cause: error });
  }
  return error;
}

/** Below Buffer's pool threshold (4 KB), so a read buffer is a slice of a shared pool, not an allocation. */
const READ_CHUNK = 2048;

/**
 * The whole file, or null when there is none, for small files (a session record is under 1 KB), on the
 * request path and in walks over many of them: open, one read, close. fs/promises' readFile goes through a
 * FileHandle and adds an fstat, and costs about twice the main-thread time per file (measured: 40-48 against
 * 25 µs of CPU per session read through unstorage); over 100,000 files that is most of a walk. A read that
 * fills the chunk is followed by another until one comes back short (a regular file reads short only at its
 * end).
 */
function readSmallFile(file: string): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    open(file, "r", (openError, fd) => {
      if (openError) {
        if (isErrno(openError, "ENOENT")) resolve(null);
        else reject(openError);
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      const finish = (readError: NodeJS.ErrnoException | null) => {
        close(fd, (closeError) => {
          const error = readError ?? closeError;
          if (!error) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
          else if (isErrno(error, "EISDIR")) resolve(null);
          else reject(error);
        });
      };
      const readChunk = () => {
        const buffer = Buffer.allocUnsafe(READ_CHUNK);
        read(fd, buffer, 0, READ_CHUNK, total, (readError, bytesRead) => {
          if (readError) return finish(readError);
          chunks.push(buffer.subarray(0, bytesRead));
          total += bytesRead;
          if (bytesRead === READ_CHUNK) readChunk();
          else finish(null);
        });
      };
      readChunk();
    });
  });
}

/** Whether a path exists (an existence check that costs no Error when it does not). */
function pathExists(file: string): Promise<boolean> {
  return new Promise((resolve) => access(file, (error) => resolve(!error)));
}

/** One unlink (fs.rm would lstat twice before it), through the callback API like the reads above. */
function unlinkIfPresent(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    unlink(file, (error) => {
      if (!error || isErrno(error, "ENOENT")) resolve();
      else reject(error);
    });
  });
}

function tempPathFor(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString("hex")}${TMP_SUFFIX}`;
}

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
  try {
    await fsp.writeFile(tmp, data, { mode: 0o600 });
    await fsp.rename(tmp, file);
  } catch (error) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw asStoreError(error, file);
  }
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

export function createFsStore(dataDir: string): AppStore {
  const base = path.resolve(dataDir);
  const storage = createStorage({ driver: atomicFsDriver({ base }) });
  const mutex = new KeyedMutex();
  // Keys are validated before use (assertValidKey: no separators, no "." or ".." segments), so a path is a
  // plain concatenation: path.join's normalisation was a measurable share of a prune over 100,000 files.
  const sep = path.sep;
  const fileOf = (key: string) => base + sep + key.split(":").join(sep);
  const setDirOf = (setKey: string) => base + sep + "_sets" + sep + setKey.split(":").join(sep);
  let ready = false;
  let announced = false;

  async function ensureBase(recheck = false): Promise<void> {
    if (ready && !recheck) return;
    try {
      await fsp.mkdir(base, { recursive: true });
      await fsp.access(base, fsp.constants.W_OK);
    } catch (error) {
      throw new StoreUnavailableError(`DATA_DIR ${base} is not writable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    ready = true;
    if (!announced) {
      announced = true;
      console.info(`[store] using the fs store at ${base}`);
    }
  }

  const lockDirOf = (name: string) => base + sep + "_locks" + sep + name.replace(/[^A-Za-z0-9_.-]/g, "_");

  /**
   * A cross-process lock: mkdir is atomic, and a lock older than LOCK_STALE_MS is from a dead process. The lock
   * directory exists for as long as the lock is held (remove() relies on that).
   */
  async function withFileLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return mutex.run(`lock:${name}`, async () => {
      await ensureBase();
      const lockDir = lockDirOf(name);
      const deadline = Date.now() + LOCK_WAIT_MS;
      let delay = 2;
      for (;;) {
        try {
          await fsp.mkdir(lockDir);
          break;
        } catch (error) {
          // The parent is made on first use (or when someone deleted it), not once per acquisition.
          if (isErrno(error, "ENOENT")) {
            await fsp.mkdir(path.dirname(lockDir), { recursive: true });
            continue;
          }
          if (!isErrno(error, "EEXIST")) throw error;
          const stat = await fsp.stat(lockDir).catch(() => null);
          if (stat && Date.now() - stat.mtimeMs > LOCK_STALE_MS) {
            await fsp.rmdir(lockDir).catch(() => undefined);
            continue;
          }
          if (Date.now() > deadline) throw new StoreUnavailableError(`Timed out waiting for lock ${name}`);
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 50);
        }
      }
      try {
        return await fn();
      } finally {
        await fsp.rmdir(lockDir).catch(() => undefined);
      }
    });
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
      return withFileLock(`key.${key}`, async () => {
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
      const lockName = `key.${key}`;
      // A remove must not land between replace()'s existence check and its write: the write would bring the
      // key back (a renewal resurrecting a signed-out session). replace() holds the key's lock across that
      // window, so taking the lock here would do, but a lock is a mkdir and an rmdir, two of the costliest
      // file-system calls, and a prune removes tens of thousands of records. So: unlink first, then look.
      // A replace that could undo this unlink found the file present before it and writes after it, so its
      // lock directory exists from before the unlink until after its write. If the lock directory is absent
      // now, that replace has already written, and the file exists again: the second look sees it. (Looking
      // at the file first could miss a write landing between the two looks.) Either look failing means
      // someone may have written since the unlink: unlink again under the lock, after any such replace.
      // Nobody holds the lock and the file stays gone: the common case costs an unlink and two lookups.
      await unlinkIfPresent(file);
      if (!(await pathExists(lockDirOf(lockName))) && !(await pathExists(file))) return;
      await withFileLock(lockName, () => unlinkIfPresent(file));
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
      return withFileLock(`key.${key}`, async () => {
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
      await unlinkIfPresent(setDirOf(setKey) + sep + member);
    },
    async setMembers(setKey) {
      assertValidKey(setKey);
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
    async readIndex() {
      throw new Error("fs store: readIndex is not implemented yet");
    },
    async commit() {
      throw new Error("fs store: commit is not implemented yet");
    },
    withLock(name, fn) {
      return withFileLock(`app.${name}`, fn);
    },
    async listKeys(namespace) {
      return storage.getKeys(`${namespace}:`);
    },
    async forEachValue(namespace, visit, options = {}) {
      assertValidKey(`${namespace}:x`);
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
      await storage.dispose();
    },
  };
}
