import { createSessionToolkit } from "../support/session-toolkit";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, promises as fsp, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { sweepIfDue } from "../../lib/session/sweep";
import { tempPathFor } from "../../lib/storage/fs-lock";
import { createFsStore } from "../../lib/storage/fs-store";
import { spawnCrashChild } from "../support/child-process";

// Temp files of killed writes are removed (issue 13, item 8): when a process first opens the store and by
// the hourly sweep, but only when their writer is dead or they are too old for any live write to own.

const root = mkdtempSync(path.join(os.tmpdir(), "hpp-unit-fs-tmp-"));
let counter = 0;
after(() => rmSync(root, { recursive: true, force: true }));

async function freshDir(): Promise<string> {
  const dir = path.join(root, `case-${++counter}`);
  await fsp.mkdir(dir);
  return dir;
}

async function tempFiles(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".tmp"))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** A pid that just ended (reuse within the test is as unlikely as it gets). */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout,
  );
}

async function waitUntil(what: string, check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("fs store: temp files of killed writes", () => {
  it("removes what kill -9 of writing processes left behind when the store is next opened", async () => {
    const dir = await freshDir();
    let leftovers: string[] = [];
    for (let attempt = 0; attempt < 10 && leftovers.length < 3; attempt++) {
      const child = spawnCrashChild(["write-loop", dir]);
      await child.waitFor(/^ready$/m);
      // Killed while a write is in flight: as soon as a temp file is there (a fixed delay missed every write
      // on a loaded machine, where the child had not started writing yet).
      await waitUntil("the child is mid-write", async () => (await tempFiles(dir)).length > 0, 20_000);
      await child.kill();
      leftovers = await tempFiles(dir);
    }
    assert.ok(leftovers.length > 0, "no kill left a temp file behind: nothing was tested");
    const store = createFsStore(dir);
    // Every value is whole (old or new), whatever the kills interrupted; the first use starts the sweep.
    for (let k = 0; k < 4; k++) {
      const value = (await store.get(`blobs:b${k}`)) as { i: number; big: string } | null;
      if (value) assert.equal(value.big.length, 4 * 1024 * 1024);
    }
    await waitUntil("the sweep at open removed the leftovers", async () => (await tempFiles(dir)).length === 0);
    await store.close();
  });

  it("keeps a live writer's fresh temp file and unknown writers' fresh ones; removes dead and old ones", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    await store.set("sessions:s1", { v: 1 });
    await store.sweepLeftovers!(); // the background sweep of the first use has run its course
    const sessions = path.join(dir, "sessions");
    const live = path.basename(tempPathFor(path.join(sessions, "s1"))); // this process, writing now
    const dead = `s1.${deadPid()}-12345-${live.split(".")[1]!.split("-")[2]}.0a1b2c3d4e5f.tmp`;
    const deadOldFormat = `s1.${deadPid()}.0a1b2c3d4e5f.tmp`; // what earlier versions named them
    const foreign = "s1.77-123-00000000.0a1b2c3d4e5f.tmp"; // another machine: unknowable
    const foreignOld = "s1.78-123-00000000.0a1b2c3d4e5f.tmp";
    const liveButAncient = path.basename(tempPathFor(path.join(sessions, "s2")));
    const notOurs = "notes.tmp"; // not a temp name of ours at all
    for (const name of [live, dead, deadOldFormat, foreign, foreignOld, liveButAncient, notOurs]) {
      await fsp.writeFile(path.join(sessions, name), "{}");
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of [foreignOld, liveButAncient])
      await fsp.utimes(path.join(sessions, name), twoHoursAgo, twoHoursAgo);
    await fsp.mkdir(path.join(dir, "_sets", "organizer-sessions", "o1"), { recursive: true });
    await fsp.writeFile(path.join(dir, "_sets", "organizer-sessions", "o1", `m.${deadPid()}.0a1b2c3d4e5f.tmp`), "");

    assert.equal(await store.sweepLeftovers!(), 5);
    assert.deepEqual(await tempFiles(dir), [`sessions/${foreign}`, `sessions/${live}`, `sessions/${notOurs}`].sort());
    assert.deepEqual(await store.get("sessions:s1"), { v: 1 });
    await store.close();
  });

  it("the hourly sweep removes them too", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    const manager = createSessionToolkit({
      store,
      policy: { maxAgeMs: 86_400_000, shortMaxAgeMs: 86_400_000, absoluteMaxAgeMs: 86_400_000 },
    });
    await manager.createSession({ organizerId: "organizer-a1", rememberMe: true });
    await store.sweepLeftovers!();
    const leftover = path.join(dir, "sessions", `x.${deadPid()}.0a1b2c3d4e5f.tmp`);
    await fsp.writeFile(leftover, "{");
    const result = await sweepIfDue(manager, dir, Date.now(), store);
    assert.deepEqual(result, { checked: 1, removed: 0, leftovers: 1 });
    await assert.rejects(fsp.access(leftover));
    await store.close();
  });
});
