import assert from "node:assert/strict";
import { mkdtempSync, promises as fsp, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import { selfIdentity } from "../../lib/storage/process-identity";
import { StoreBusyError } from "../../lib/errors";
import { spawnCrashChild } from "../support/child-process";
import { checkCrashState, initCrashState } from "../support/crash-state";

// The fs store's commits under kill -9 (a real child process killed at random points of a commit loop),
// and what a reopen, a later commit and a concurrent reader see.

const root = mkdtempSync(path.join(os.tmpdir(), "hpp-unit-fs-crash-"));
let counter = 0;
after(() => rmSync(root, { recursive: true, force: true }));

async function freshDir(): Promise<string> {
  const dir = path.join(root, `case-${++counter}`);
  await fsp.mkdir(dir);
  return dir;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

const KILLS = 50;

describe("fs store: commits survive kill -9", () => {
  it(`leaves each commit all or nothing after a kill -9 at ${KILLS} random points, and loses no acknowledged commit`, async () => {
    const dir = await freshDir();
    const init = createFsStore(dir);
    await initCrashState(init);
    await init.close();
    let lastGen = 0;
    let killedMidCommit = 0;
    const delays: number[] = [];
    for (let round = 0; round < KILLS; round++) {
      const child = spawnCrashChild(["commit-loop", dir]);
      await child.waitFor(/^ready (\d+)$/m);
      // 0-80 ms into the loop: some kills land before the first commit, most inside one (a commit is a few ms).
      const delay = Math.floor(Math.random() * 80);
      delays.push(delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
      await child.kill();
      const acked = [...child.output().matchAll(/^acked (\d+)$/gm)].map((m) => Number(m[1]));
      const lastAcked = acked.length > 0 ? acked[acked.length - 1]! : lastGen;
      // A journal on disk means the kill landed between the commit point and the journal's removal.
      if (
        await fsp.access(path.join(dir, "_journal", "commit.json")).then(
          () => true,
          () => false,
        )
      )
        killedMidCommit += 1;

      const store = createFsStore(dir); // a new "process": its first use finishes any unfinished commit
      const { gen, problems } = await checkCrashState(store);
      assert.deepEqual(problems, [], `round ${round} (killed ${delay} ms in, generation ${gen}): torn state`);
      assert.ok(
        gen === lastAcked || gen === lastAcked + 1,
        `round ${round}: generation ${gen} after acknowledging ${lastAcked}`,
      );
      await store.sweepLeftovers!();
      const leftovers = (await filesUnder(dir)).filter((f) => f.endsWith(".tmp") || f.startsWith("_journal"));
      assert.deepEqual(leftovers, [], `round ${round}: temp files or a journal survived the reopen and sweep`);
      await store.close();
      lastGen = gen;
    }
    console.info(
      `[fs-crash] ${KILLS} kills, delays ${Math.min(...delays)}-${Math.max(...delays)} ms, ${lastGen} generations committed, ${killedMidCommit} kills left a journal to replay`,
    );
    assert.ok(lastGen >= KILLS / 2, `only ${lastGen} commits in ${KILLS} runs: the children hardly ran`);
    assert.ok(killedMidCommit > 0, "no kill landed inside a commit's apply phase: the replay path was not exercised");
  });
});

describe("fs store: the journal", () => {
  const journalFile = (dir: string) => path.join(dir, "_journal", "commit.json");
  async function writeJournal(dir: string, record: unknown): Promise<void> {
    await fsp.mkdir(path.dirname(journalFile(dir)), { recursive: true });
    await fsp.writeFile(journalFile(dir), JSON.stringify(record));
  }

  it("finishes an unfinished commit when a process opens the store, before its first read", async () => {
    const dir = await freshDir();
    const before = createFsStore(dir);
    await before.commit({
      writes: [
        { op: "set", key: "things:a", value: { version: 1 } },
        { op: "set", key: "things:gone", value: { version: 1 } },
        { op: "setAdd", key: "thing-index:all", member: "gone" },
      ],
    });
    await before.close();
    // What a process killed after its commit point leaves: the journal, some of its writes applied.
    await writeJournal(dir, {
      v: 1,
      id: "feedface",
      at: Date.now(),
      values: [
        ["things:a", JSON.stringify({ version: 2 })],
        ["things:b", JSON.stringify({ version: 1, made: "by the journal" })],
        ["things:gone", null],
      ],
      members: [
        ["thing-index:all", "b", true],
        ["thing-index:all", "gone", false],
      ],
    });
    await fsp.writeFile(path.join(dir, "things", "a"), JSON.stringify({ version: 2 })); // applied before the kill
    const reopened = createFsStore(dir);
    assert.deepEqual(
      await reopened.get("things:b"),
      { version: 1, made: "by the journal" },
      "the very first read sees the commit",
    );
    assert.deepEqual(await reopened.getMany(["things:a", "things:gone"]), [{ version: 2 }, null]);
    assert.deepEqual(await reopened.setMembers("thing-index:all"), ["b"]);
    await assert.rejects(fsp.access(journalFile(dir)), "the journal is removed once applied");
    await reopened.close();
  });

  it("finishes a journal a dead process left before the next commit of a process already running", async () => {
    const dir = await freshDir();
    const running = createFsStore(dir);
    await running.commit({ writes: [{ op: "set", key: "things:a", value: { version: 1 } }] });
    // Another process dies mid-commit now (this one opened the store long ago).
    await writeJournal(dir, {
      v: 1,
      id: "deadbeef",
      at: Date.now(),
      values: [["things:a", JSON.stringify({ version: 2 })]],
      members: [],
    });
    const result = await running.commit({
      guards: [{ kind: "version", key: "things:a", version: 2 }],
      writes: [{ op: "replace", key: "things:a", value: { version: 3 } }],
    });
    assert.deepEqual(result, { ok: true }, "the guard saw the dead process's commit");
    assert.deepEqual(await running.get("things:a"), { version: 3 });
    await running.close();
  });

  it("moves a damaged journal aside instead of applying part of it", async () => {
    const dir = await freshDir();
    const first = createFsStore(dir);
    await first.commit({ writes: [{ op: "set", key: "things:a", value: { version: 1 } }] });
    await first.close();
    await fsp.mkdir(path.dirname(journalFile(dir)), { recursive: true });
    await fsp.writeFile(journalFile(dir), '{"v":1,"id":"x","values":[["things:a","{\\"version\\":2}"]');
    const reopened = createFsStore(dir);
    assert.deepEqual(await reopened.get("things:a"), { version: 1 });
    const names = await fsp.readdir(path.join(dir, "_journal"));
    assert.equal(names.length, 1);
    assert.match(names[0]!, /^damaged-\d+\.json$/);
    assert.deepEqual(await reopened.commit({ writes: [{ op: "set", key: "things:a", value: { version: 2 } }] }), {
      ok: true,
    });
    await reopened.close();
  });

  it("refuses, before its commit point, a commit the file layout cannot hold", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    await store.set("nested:a:b", { deep: true }); // nested/a is a directory now
    await assert.rejects(
      store.commit({ writes: [{ op: "set", key: "nested:a", value: { v: 1 } }] }),
      /keys below it exist/,
    );
    await assert.rejects(
      store.commit({ writes: [{ op: "set", key: "nested:a:b:c", value: { v: 1 } }] }),
      /stored as a file/,
    );
    await assert.rejects(fsp.access(journalFile(dir)), "no journal was written");
    assert.deepEqual(
      await store.commit({ writes: [{ op: "set", key: "nested:x", value: { v: 1 } }] }),
      { ok: true },
      "later commits work",
    );
    await store.close();
  });
});

describe("fs store: commits, readers and single-key writes", () => {
  it("never shows a reader an index entry before the record it points at", async () => {
    const dir = await freshDir();
    const writer = createFsStore(dir);
    const reader = createFsStore(dir);
    let stop = false;
    const dangling: string[] = [];
    let reads = 0;
    const reading = (async () => {
      while (!stop) {
        for (const { member, value } of await reader.readIndex("item-index:all", "items")) {
          if (value === null) dangling.push(member);
        }
        reads += 1;
      }
    })();
    for (let i = 0; i < 150; i++) {
      await writer.commit({
        writes: [
          { op: "setAdd", key: "item-index:all", member: `i${i}` }, // listed first on purpose
          { op: "set", key: `items:i${i}`, value: { version: 1, i } },
        ],
      });
    }
    stop = true;
    await reading;
    assert.ok(reads > 10, `only ${reads} index reads ran alongside the commits`);
    assert.deepEqual(dangling, []);
    await Promise.all([writer.close(), reader.close()]);
  });

  it("takes the commit lock for commits only: single-key writes go on while it is held, a commit gets StoreBusyError", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir, { locks: { waitMs: 300 } });
    await store.set("sessions:s1", { v: 1 });
    // Another live process holds the commit lock (this process's identity, in a lock file of its own).
    await fsp.mkdir(path.join(dir, "_locks"), { recursive: true });
    await fsp.writeFile(
      path.join(dir, "_locks", "store.commit"),
      JSON.stringify({ v: 1, ...selfIdentity(), token: "other" }),
    );
    const started = Date.now();
    await store.set("sessions:s2", { v: 1 });
    assert.equal(await store.replace("sessions:s1", { v: 2 }), true);
    assert.equal(await store.add("sessions:s3", { v: 1 }), true);
    assert.deepEqual(await store.take("sessions:s3"), { v: 1 });
    await store.remove("sessions:s2");
    await store.setAdd("organizer-sessions:o1", "s1");
    assert.ok(Date.now() - started < 250, `single-key writes waited ${Date.now() - started} ms`);
    await assert.rejects(
      store.commit({ writes: [{ op: "set", key: "things:a", value: { version: 1 } }] }),
      StoreBusyError,
    );
    await fsp.rm(path.join(dir, "_locks", "store.commit"));
    assert.deepEqual(await store.commit({ writes: [{ op: "set", key: "things:a", value: { version: 1 } }] }), {
      ok: true,
    });
    await store.close();
  });
});
