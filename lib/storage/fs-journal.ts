import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { asStoreError, fsyncDirectory, isErrno, pathExists, unlinkIfPresent, writeFileDurable } from "./fs-files";
import { assertValidKey, forEachConcurrently, serialize, type CommitWrite } from "./types";

/**
 * The fs store's write-ahead journal: how a commit of many files survives `kill -9` (and a power cut) at any
 * point as all or nothing.
 *
 * Under the store-wide commit lock a commit
 *   1. computes its final state (a later write to the same key wins): per key the file's new text or "remove",
 *      per set member "present" or "absent";
 *   2. writes that state to `DATA_DIR/_journal/commit.json` (a temp file, fsync, rename, fsync of the
 *      directory): the rename is the commit point. A crash before it leaves the old state, and the temp
 *      file for the sweep;
 *   3. applies it, each file atomically (temp file, fsync, rename; a member is an empty file under _sets);
 *   4. fsyncs every directory it changed, then removes the journal.
 * The journal holds final values, not operations, so applying it again is harmless: a crash anywhere in 3 or
 * 4 is finished by replaying the journal when the store is next opened (first use in a process, before any
 * read) or by the next commit of any process (it takes the lock, finds the journal, applies it first).
 *
 * Journal format (version 1), one JSON object:
 *   { "v": 1, "id": "<hex>", "at": <ms>,
 *     "values":  [["events:e1", "{\"version\":2,...}"], ["invitations:i9", null], ...],   // null: remove
 *     "members": [["event-invitations:e1", "i9", false], ...] }                           // false: remove
 *
 * Application order, for readers (who are never blocked): records are written, then index entries added,
 * then index entries removed, then records removed. A reader can thus see some keys of a commit old and
 * others new, but an index entry this commit adds never points at a record it has not written yet, and an
 * entry it removes is gone before its record is.
 */

export interface CommitPlan {
  /** Per key, in first-write order: the file's new text, or null to remove it. */
  values: [key: string, text: string | null][];
  /** Per set member: true to add it, false to remove it. */
  members: [setKey: string, member: string, present: boolean][];
}

interface JournalRecord extends CommitPlan {
  v: 1;
  id: string;
  at: number;
}

export function planCommit(writes: readonly CommitWrite[]): CommitPlan {
  const values = new Map<string, string | null>();
  const members = new Map<string, [string, string, boolean]>();
  for (const write of writes) {
    switch (write.op) {
      case "set":
      case "replace":
        values.delete(write.key); // re-inserted: the map keeps the order of final writes
        values.set(write.key, serialize(write.value));
        break;
      case "remove":
        values.delete(write.key);
        values.set(write.key, null);
        break;
      case "setAdd":
      case "setRemove": {
        const id = `${write.key}\n${write.member}`;
        members.delete(id);
        members.set(id, [write.key, write.member, write.op === "setAdd"]);
        break;
      }
    }
  }
  return { values: [...values], members: [...members.values()] };
}

/** A journal read from disk, checked field by field: it names files, so it must name only valid keys. */
function parseJournal(text: string): JournalRecord | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const record = data as Partial<JournalRecord> | null;
  if (!record || record.v !== 1 || !Array.isArray(record.values) || !Array.isArray(record.members)) return null;
  try {
    for (const entry of record.values) {
      if (!Array.isArray(entry) || entry.length !== 2) return null;
      assertValidKey(entry[0]);
      if (entry[1] !== null && typeof entry[1] !== "string") return null;
    }
    for (const entry of record.members) {
      if (!Array.isArray(entry) || entry.length !== 3 || typeof entry[2] !== "boolean") return null;
      assertValidKey(entry[0]);
      assertValidKey(`m:${entry[1]}`);
    }
  } catch {
    return null;
  }
  return record as JournalRecord;
}

const APPLY_CONCURRENCY = 16;

export interface Journal {
  readonly file: string;
  /** Makes the directories the plan writes into and refuses a plan the layout cannot hold, before step 2. */
  prepare(plan: CommitPlan): Promise<void>;
  /** Steps 2 to 4 for a commit whose guards held. */
  commit(plan: CommitPlan): Promise<void>;
  /** Finishes an unfinished commit, if there is one (under the commit lock). Returns whether there was. */
  replay(): Promise<boolean>;
  /** Whether a journal is waiting (cheap: one access()). */
  pending(): Promise<boolean>;
}

export function createJournal(options: {
  base: string;
  fileOf: (key: string) => string;
  memberFileOf: (setKey: string, member: string) => string;
}): Journal {
  const dir = path.join(options.base, "_journal");
  const file = path.join(dir, "commit.json");
  const { fileOf, memberFileOf } = options;

  /** Runs op, making the file's directory first if it has gone missing. */
  async function inDirectory(target: string, op: () => Promise<void>): Promise<void> {
    try {
      await op();
    } catch (error) {
      if (!isErrno(error, "ENOENT")) throw error;
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await op();
    }
  }

  async function apply(plan: CommitPlan): Promise<void> {
    const touched = new Set<string>();
    const writes = plan.values.filter(([, text]) => text !== null) as [string, string][];
    const removes = plan.values.filter(([, text]) => text === null);
    const adds = plan.members.filter(([, , present]) => present);
    const drops = plan.members.filter(([, , present]) => !present);
    await forEachConcurrently(writes, APPLY_CONCURRENCY, async ([key, text]) => {
      const target = fileOf(key);
      touched.add(path.dirname(target));
      await inDirectory(target, () => writeFileDurable(target, text));
    });
    await forEachConcurrently(adds, APPLY_CONCURRENCY, async ([setKey, member]) => {
      const target = memberFileOf(setKey, member);
      touched.add(path.dirname(target));
      await inDirectory(target, () => fsp.writeFile(target, "", { mode: 0o600 }));
    });
    await forEachConcurrently(drops, APPLY_CONCURRENCY, async ([setKey, member]) => {
      const target = memberFileOf(setKey, member);
      touched.add(path.dirname(target));
      await unlinkIfPresent(target);
    });
    await forEachConcurrently(removes, APPLY_CONCURRENCY, async ([key]) => {
      const target = fileOf(key);
      touched.add(path.dirname(target));
      await unlinkIfPresent(target);
    });
    await Promise.all([...touched].map(fsyncDirectory));
  }

  async function finish(): Promise<void> {
    // Not fsynced: a journal that comes back after a power cut is this commit's, and applying it again
    // changes nothing (the next journal's rename, fsynced, replaces the name anyway).
    await unlinkIfPresent(file);
  }

  return {
    file,
    async prepare(plan) {
      const dirs = new Set<string>();
      for (const [key] of plan.values) dirs.add(path.dirname(fileOf(key)));
      for (const [setKey, member, present] of plan.members)
        if (present) dirs.add(path.dirname(memberFileOf(setKey, member)));
      dirs.add(dir);
      for (const d of dirs) {
        try {
          await fsp.mkdir(d, { recursive: true });
        } catch (error) {
          if (isErrno(error, "ENOTDIR") || isErrno(error, "EEXIST")) {
            throw new Error(`fs store: cannot write under ${d}: a key above it is stored as a file`, { cause: error });
          }
          throw asStoreError(error, d);
        }
      }
      // A key with keys below it is a directory: neither a rename over it nor an unlink of it would work,
      // and a journal that cannot be applied would hold up every later commit.
      await forEachConcurrently(plan.values, APPLY_CONCURRENCY, async ([key]) => {
        const stat = await fsp.lstat(fileOf(key)).catch(() => null);
        if (stat?.isDirectory()) throw new Error(`fs store: the key ${key} cannot be written: keys below it exist`);
      });
    },
    async commit(plan) {
      const record: JournalRecord = { v: 1, id: randomBytes(8).toString("hex"), at: Date.now(), ...plan };
      await writeFileDurable(file, JSON.stringify(record));
      await fsyncDirectory(dir);
      try {
        await apply(plan);
      } catch (error) {
        // The journal stays: the next commit or open finishes this one.
        throw asStoreError(error, "a commit's files");
      }
      await finish();
    },
    async replay() {
      let text: string;
      try {
        text = await fsp.readFile(file, "utf8");
      } catch (error) {
        if (isErrno(error, "ENOENT")) return false;
        throw error;
      }
      const record = parseJournal(text);
      if (!record) {
        // Only a whole journal is ever renamed into place; this one was damaged on disk. Applying part of it
        // could tear records, so it is kept aside for a person to look at and the store carries on.
        const aside = path.join(dir, `damaged-${Date.now()}.json`);
        await fsp.rename(file, aside).catch(() => undefined);
        console.error(`[store] an unreadable commit journal was moved to ${aside}; its commit was not applied`);
        return true;
      }
      await apply(record);
      await finish();
      console.info(
        `[store] finished an interrupted commit from the journal (${record.values.length} keys, ${record.members.length} set members)`,
      );
      return true;
    },
    pending() {
      return pathExists(file);
    },
  };
}
