import { randomBytes } from "node:crypto";
import { promises as fsp, unlinkSync } from "node:fs";
import path from "node:path";
import { KeyedMutex } from "./mutex";
import { liveness, processTag, selfIdentity, tagLiveness, type ProcessIdentity } from "./process-identity";
import { StoreBusyError, StoreUnavailableError } from "../errors";

/**
 * Cross-process locks on the fs store, recoverable at once when their holder died.
 *
 * A lock is the file `DATA_DIR/_locks/<id>` (ids from ./lock-names). Each process writes one owner file,
 * `DATA_DIR/_lock-owners/<tag>.<random>.json`, holding who it is (host, boot id, pid namespace, pid, start
 * time: see ./process-identity, and a random token), and takes a lock by hard-linking that file to the lock's
 * name: link() fails with EEXIST when the name exists, so taking a lock is one atomic system call, and a lock
 * is never seen without its owner's identity in it (a mkdir lock, or an O_EXCL file written after its
 * creation, has a moment without one, and a crash in that moment leaves a lock nobody can judge).
 *
 * A waiter that finds a lock reads its owner: a dead owner (the process is gone, or its pid now belongs to a
 * process with another start time, or the machine rebooted) has the lock broken at once. An owner this
 * process cannot check (another machine or pid namespace sharing DATA_DIR, or no /proc) is judged by the
 * lock's age instead: while a process holds any lock it touches its owner file every HEARTBEAT_MS, and every
 * lock of that process is the same inode, so a lock untouched for STALE_MS has no live holder. Releasing
 * unlinks the name only if it is still our inode. Past the waiter's patience: StoreBusyError, never an outage.
 *
 * Lock directories from earlier versions (mkdir locks, no owner) are judged by age only (LEGACY_STALE_MS).
 */

export const LOCK_WAIT_MS = 10_000;
/** Age after which a lock whose owner cannot be checked is taken to be abandoned. */
export const LOCK_STALE_MS = 5_000;
export const LOCK_HEARTBEAT_MS = 1_000;
/** The age limit of the mkdir locks older versions made (theirs was 30 s). */
const LEGACY_STALE_MS = 30_000;
/** How long a verdict on one lock file (by inode) is reused while polling it. */
const JUDGE_EVERY_MS = 200;
/** Owner files of processes that cannot be checked are removed by the sweep after this long untouched. */
const OWNER_MAX_AGE_MS = 60 * 60 * 1000;

export interface FsLockOptions {
  /** The waiter's patience: StoreBusyError after this long (default LOCK_WAIT_MS). */
  waitMs?: number;
  staleMs?: number;
  heartbeatMs?: number;
}

interface OwnerFile {
  path: string;
  ino: number;
  dev: number;
  touchedAt: number;
}

export interface OwnerRecord extends ProcessIdentity {
  v: 1;
  token: string;
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT"]);

function asStoreError(error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && UNWRITABLE.has(code)) {
    return new StoreUnavailableError(`cannot write ${what} (${code}): is DATA_DIR writable and the disk not full?`, {
      cause: error,
    });
  }
  return error;
}

/** A name beside `file` for a temporary file: `<file>.<process tag>.<12 hex>.tmp` (see sweepTempFiles). */
export function tempPathFor(file: string): string {
  return `${file}.${processTag()}.${randomBytes(6).toString("hex")}.tmp`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Owner files of this process, removed when it exits normally (a killed one leaves them to the sweep). */
const ownerFiles = new Set<string>();
let exitHookInstalled = false;
function removeOwnerFileAtExit(file: string): void {
  ownerFiles.add(file);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const owned of ownerFiles) {
      try {
        unlinkSync(owned);
      } catch {
        // already gone
      }
    }
  });
}

export interface FsLocks {
  /** Runs fn holding the lock `id` (an id from ./lock-names), shared with every process on this DATA_DIR. */
  withLock<T>(id: string, fn: () => Promise<T>): Promise<T>;
  /** The lock's file: it exists exactly while someone holds (or a dead process left) the lock. */
  lockPath(id: string): string;
  /**
   * Maintenance: removes dead owners' files, breaks locks of dead owners and old legacy lock directories.
   * Returns how many locks it broke (owner files are bookkeeping, not counted).
   */
  sweep(): Promise<number>;
}

export function createFsLocks(base: string, options: FsLockOptions = {}): FsLocks {
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const staleMs = options.staleMs ?? LOCK_STALE_MS;
  const heartbeatMs = options.heartbeatMs ?? LOCK_HEARTBEAT_MS;
  const locksDir = path.join(base, "_locks");
  const ownersDir = path.join(base, "_lock-owners");
  const mutex = new KeyedMutex();
  const held = new Set<string>();
  /** Lock files this process is linking right now (not yet in held): the sweep leaves them alone. */
  const acquiring = new Set<string>();
  let owner: OwnerFile | null = null;
  let creatingOwner: Promise<OwnerFile> | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  /** The last verdict per lock path, reused for JUDGE_EVERY_MS while the same inode holds it. */
  const verdicts = new Map<string, { ino: number; at: number }>();

  const lockPath = (id: string) => locksDir + path.sep + id;

  async function createOwner(): Promise<OwnerFile> {
    await fsp.mkdir(ownersDir, { recursive: true });
    const record: OwnerRecord = { v: 1, ...selfIdentity(), token: randomBytes(12).toString("hex") };
    const file = path.join(ownersDir, `${processTag()}.${randomBytes(6).toString("hex")}.json`);
    // Complete before it is ever linked as a lock, so a partial write can never be a lock's content.
    await fsp.writeFile(file, JSON.stringify(record), { mode: 0o600, flag: "wx" });
    removeOwnerFileAtExit(file);
    const stat = await fsp.stat(file);
    return { path: file, ino: stat.ino, dev: stat.dev, touchedAt: Date.now() };
  }

  async function currentOwner(): Promise<OwnerFile> {
    if (!owner) {
      creatingOwner ??= createOwner().finally(() => (creatingOwner = null));
      owner = await creatingOwner;
    } else if (Date.now() - owner.touchedAt >= heartbeatMs) {
      // A lock's age is its owner inode's mtime: fresh before the lock is taken, so that a waiter on another
      // machine never sees a newly taken lock as abandoned.
      await touchOwner();
    }
    return owner;
  }

  async function touchOwner(): Promise<void> {
    const current = owner;
    if (!current) return;
    const now = new Date();
    try {
      await fsp.utimes(current.path, now, now);
      current.touchedAt = now.getTime();
    } catch (error) {
      // Removed by hand (or by a sweep that misjudged us): the next acquisition makes a new one.
      if (isErrno(error, "ENOENT") && owner === current) owner = null;
    }
  }

  function startHeartbeat(): void {
    if (heartbeat) return;
    heartbeat = setInterval(() => void touchOwner(), heartbeatMs);
    heartbeat.unref();
  }

  function stopHeartbeatIfIdle(): void {
    if (held.size === 0 && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  }

  /** Removes the lock at `file` if it is still the inode `ino`; a lock taken since is put back. */
  async function breakLock(file: string, ino: number, why: string): Promise<void> {
    const aside = tempPathFor(file);
    try {
      await fsp.rename(file, aside);
    } catch (error) {
      if (isErrno(error, "ENOENT")) return;
      throw error;
    }
    const moved = await fsp.lstat(aside).catch(() => null);
    if (moved && moved.ino !== ino) {
      // Between our look and the rename the dead lock was broken and taken again by a live process.
      await fsp.link(aside, file).catch(() => undefined);
    } else {
      console.info(`[store] broke the lock ${path.basename(file)}: ${why}`);
    }
    await fsp.rm(aside, { force: true, recursive: true });
  }

  /** Whether a lock someone else has is still held, after breaking it if its holder is dead or gone. */
  async function judge(file: string): Promise<"free" | "held"> {
    let stat;
    try {
      stat = await fsp.lstat(file);
    } catch (error) {
      if (isErrno(error, "ENOENT")) return "free";
      throw error;
    }
    const now = Date.now();
    if (stat.isDirectory()) {
      // A mkdir lock from an earlier version: no owner to ask, only its age.
      if (now - stat.mtimeMs <= LEGACY_STALE_MS) return "held";
      await fsp.rmdir(file).catch(() => undefined);
      return "free";
    }
    if (owner && stat.ino === owner.ino && stat.dev === owner.dev) {
      if (held.has(file)) return "held";
      // Ours, but nobody here holds it: a release whose unlink failed. Nobody else can ever free it.
      await breakLock(file, stat.ino, "left by this process");
      return "free";
    }
    const cached = verdicts.get(file);
    if (cached && cached.ino === stat.ino && now - cached.at < JUDGE_EVERY_MS) return "held";
    let why: string | null = null;
    let record: OwnerRecord | null = null;
    try {
      record = JSON.parse(await fsp.readFile(file, "utf8")) as OwnerRecord;
    } catch (error) {
      if (isErrno(error, "ENOENT")) return "free";
    }
    const verdict = record && typeof record.pid === "number" ? liveness(record) : "unknown";
    if (verdict === "dead") why = `its owner (pid ${record!.pid} on ${record!.host}) is no longer running`;
    else if (verdict === "unknown" && now - stat.mtimeMs > staleMs) {
      why = `its owner${record ? ` (pid ${record.pid} on ${record.host})` : ""} has not shown signs of life for ${Math.round((now - stat.mtimeMs) / 1000)} s`;
    }
    if (why === null) {
      verdicts.set(file, { ino: stat.ino, at: now });
      return "held";
    }
    verdicts.delete(file);
    await breakLock(file, stat.ino, why);
    return "free";
  }

  async function acquire(id: string): Promise<string> {
    const file = lockPath(id);
    const deadline = Date.now() + waitMs;
    let delay = 2;
    let missing = 0;
    for (;;) {
      const current = await currentOwner().catch((error: unknown) => {
        throw asStoreError(error, ownersDir);
      });
      acquiring.add(file);
      try {
        await fsp.link(current.path, file);
        held.add(file);
        acquiring.delete(file);
        verdicts.delete(file);
        startHeartbeat();
        return file;
      } catch (error) {
        acquiring.delete(file);
        if (isErrno(error, "ENOENT")) {
          // The locks directory or our owner file is gone (first use, or removed by hand): make them again.
          if (++missing > 3) throw asStoreError(error, file);
          await fsp.mkdir(locksDir, { recursive: true }).catch((e: unknown) => {
            throw asStoreError(e, locksDir);
          });
          if (
            !(await fsp.access(current.path).then(
              () => true,
              () => false,
            )) &&
            owner === current
          )
            owner = null;
          continue;
        }
        if (!isErrno(error, "EEXIST")) throw asStoreError(error, file);
      }
      if ((await judge(file)) === "free") continue;
      if (Date.now() >= deadline) {
        throw new StoreBusyError(`The lock ${id} is still held by another request after ${waitMs} ms`);
      }
      // Jitter keeps waiters in different processes from polling in step.
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 50);
    }
  }

  async function release(file: string): Promise<void> {
    held.delete(file);
    stopHeartbeatIfIdle();
    try {
      const stat = await fsp.lstat(file);
      if (owner && stat.ino === owner.ino && stat.dev === owner.dev) await fsp.unlink(file);
    } catch {
      // Already gone, or broken by a waiter that judged us dead: either way it is not ours to remove.
    }
  }

  return {
    lockPath,
    withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
      return mutex.run(id, async () => {
        const file = await acquire(id);
        try {
          return await fn();
        } finally {
          await release(file);
        }
      });
    },
    async sweep() {
      let removed = 0;
      const owners = await fsp.readdir(ownersDir, { withFileTypes: true }).catch(() => []);
      for (const entry of owners) {
        const file = path.join(ownersDir, entry.name);
        if (owner && file === owner.path) continue;
        const tag = /^([^.]+)\.[0-9a-f]{12}\.json$/.exec(entry.name)?.[1];
        const verdict = tag ? tagLiveness(tag) : "unknown";
        const stat = await fsp.lstat(file).catch(() => null);
        if (!stat) continue;
        if (verdict === "dead" || (verdict === "unknown" && Date.now() - stat.mtimeMs > OWNER_MAX_AGE_MS)) {
          // The locks it still holds keep their own links to the inode: removing the name breaks nothing.
          await fsp.rm(file, { force: true });
        }
      }
      const locks = await fsp.readdir(locksDir).catch(() => [] as string[]);
      for (const name of locks) {
        if (name.endsWith(".tmp")) continue; // the temp-file sweep's
        const file = path.join(locksDir, name);
        const existed = await fsp.lstat(file).then(
          () => true,
          () => false,
        );
        // judge() breaks a dead owner's lock (and a legacy directory past its age); a live one is left alone.
        if (existed && !held.has(file) && !acquiring.has(file) && (await judge(file)) === "free") {
          if (
            !(await fsp.lstat(file).then(
              () => true,
              () => false,
            ))
          )
            removed += 1;
        }
      }
      return removed;
    },
  };
}
