import { access, close, open, promises as fsp, read, unlink } from "node:fs";
import path from "node:path";
import { tempPathFor } from "./fs-lock";
import { tagLiveness } from "./process-identity";
import { StoreUnavailableError } from "../errors";

/**
 * File-level pieces of the fs store: small reads, atomic and durable writes, and the sweep of temporary files
 * that killed writers leave behind.
 */

export const TMP_SUFFIX = ".tmp";
/** A temp file untouched this long belongs to no live write, whoever made it. */
export const TEMP_MAX_AGE_MS = 60 * 60 * 1000;

export function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT"]);

/** A disk that refuses writes is an outage to report (503, a clear log line), not a bug to crash on. */
export function asStoreError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && UNWRITABLE.has(code)) {
    return new StoreUnavailableError(`cannot write ${file} (${code}): is DATA_DIR writable and the disk not full?`, {
      cause: error,
    });
  }
  return error;
}

/** Below Buffer's pool threshold (4 KB), so a read buffer is a slice of a shared pool, not an allocation. */
const READ_CHUNK = 2048;

/**
 * The whole file, or null when there is none, for small files (a session record is under 1 KB), on the
 * request path and in walks over many of them: open, one read, close. fs/promises' readFile goes through a
 * FileHandle and adds an fstat, and costs about twice the main-thread time per file (the bench's section 2 has
 * the figures); over 100,000 files that is most of a walk. A read that
 * fills the chunk is followed by another until one comes back short (a regular file reads short only at its
 * end).
 */
export function readSmallFile(file: string): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    open(file, "r", (openError, fd) => {
      if (openError) {
        if (isErrno(openError, "ENOENT") || isErrno(openError, "ENOTDIR")) resolve(null);
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
export function pathExists(file: string): Promise<boolean> {
  return new Promise((resolve) => access(file, (error) => resolve(!error)));
}

/** One unlink (fs.rm would lstat twice before it), through the callback API like the reads above. */
export function unlinkIfPresent(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    unlink(file, (error) => {
      if (!error || isErrno(error, "ENOENT")) resolve();
      else reject(error);
    });
  });
}

/** Atomic for readers and for a crash of this process: a temp file beside the target, renamed over it. */
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

/**
 * writeFileAtomic that also survives a power cut: the content is on disk (fsync) before the rename makes it
 * the file. The directory entry itself is made durable by fsyncDirectory, once per directory per commit.
 */
export async function writeFileDurable(file: string, data: string): Promise<void> {
  const tmp = tempPathFor(file);
  try {
    const handle = await fsp.open(tmp, "w", 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, file);
  } catch (error) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw asStoreError(error, file);
  }
}

/** Makes a directory's entries (creations, renames, unlinks) durable. A no-op where directories cannot be opened. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await fsp.open(dir, "r");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return;
    if (isErrno(error, "EISDIR") || isErrno(error, "EPERM") || isErrno(error, "EACCES")) return; // Windows
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isErrno(error, "EINVAL") && !isErrno(error, "EPERM")) throw error;
  } finally {
    await handle.close();
  }
}

/** `<target>.<process tag>.<12 hex>.tmp`, or the older `<target>.<pid>.<12 hex>.tmp`: the writer's tag. */
const TEMP_NAME = /\.((?:\d+-(?:\d+|x)-[0-9a-f]{8})|\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Whether a temporary file can go: its writer is dead (see ./process-identity), or it is older than any live
 * write could be. A live process's fresh temp file is an atomic write in progress and stays.
 */
export function tempFileIsAbandoned(name: string, mtimeMs: number, now = Date.now()): boolean {
  const match = TEMP_NAME.exec(name);
  if (!match) return false;
  if (now - mtimeMs > TEMP_MAX_AGE_MS) return true;
  return tagLiveness(match[1]!) === "dead";
}

/**
 * Removes abandoned temp files anywhere under `base` (values, sets, locks, the journal), streaming each
 * directory so that 100,000 session files are never listed whole. Only names ending in `.tmp` are looked at
 * further. Returns how many it removed.
 */
export async function sweepTempFiles(base: string): Promise<number> {
  let removed = 0;
  const walk = async (dir: string): Promise<void> => {
    const handle = await fsp.opendir(dir, { bufferSize: 256 }).catch(() => null);
    if (!handle) return;
    const subdirs: string[] = [];
    for await (const entry of handle) {
      const file = dir + path.sep + entry.name;
      if (entry.isDirectory()) subdirs.push(file);
      else if (entry.name.endsWith(TMP_SUFFIX) && TEMP_NAME.test(entry.name)) {
        const stat = await fsp.lstat(file).catch(() => null);
        if (stat?.isFile() && tempFileIsAbandoned(entry.name, stat.mtimeMs)) {
          if (
            await unlinkIfPresent(file).then(
              () => true,
              () => false,
            )
          )
            removed += 1;
        }
      }
    }
    for (const sub of subdirs) await walk(sub);
  };
  await walk(base);
  return removed;
}
