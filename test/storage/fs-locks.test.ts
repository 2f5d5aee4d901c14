import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, promises as fsp, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import { lockName } from "../../lib/storage/lock-names";
import { selfIdentity } from "../../lib/storage/process-identity";
import { StoreBusyError, StoreUnavailableError } from "../../lib/errors";
import { spawnCrashChild } from "../support/child-process";

// Locks left by a dead holder must be recoverable well within a waiter's patience (issue 13, item 7), and
// contention must never look like an outage.

const root = mkdtempSync(path.join(os.tmpdir(), "hpp-unit-fs-locks-"));
let counter = 0;
after(() => rmSync(root, { recursive: true, force: true }));

async function freshDir(): Promise<string> {
  const dir = path.join(root, `case-${++counter}`);
  await fsp.mkdir(dir);
  return dir;
}

/** Writes a lock file as another process would have: its owner record in the lock's own file. */
async function plantLock(dir: string, file: string, owner: Record<string, unknown>, ageMs = 0): Promise<string> {
  const lock = path.join(dir, "_locks", file);
  await fsp.mkdir(path.dirname(lock), { recursive: true });
  await fsp.writeFile(lock, JSON.stringify({ v: 1, token: "planted", ...owner }));
  if (ageMs > 0) {
    const then = new Date(Date.now() - ageMs);
    await fsp.utimes(lock, then, then);
  }
  return lock;
}

/** What fn resolved or rejected with. */
const outcome = async <T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown }> => {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error };
  }
};

describe("fs locks: a dead holder", () => {
  it("a lock held by a process killed with kill -9 is taken by the next waiter at once, not after 30 s", async () => {
    const dir = await freshDir();
    const child = spawnCrashChild(["hold-lock", dir, "organizer-sessions.o1"]);
    await child.waitFor(/^held$/m);
    const store = createFsStore(dir);
    // While the holder runs, the lock holds.
    const busy = createFsStore(dir, { locks: { waitMs: 200 } });
    await assert.rejects(
      busy.withLock("organizer-sessions.o1", async () => "no"),
      StoreBusyError,
    );
    await child.kill();
    const started = Date.now();
    const got = await store.withLock("organizer-sessions.o1", async () => "got it");
    const ms = Date.now() - started;
    assert.equal(got, "got it");
    assert.ok(ms < 1_500, `the waiter needed ${ms} ms to take a dead process's lock`);
    assert.deepEqual(await fsp.readdir(path.join(dir, "_locks")), [], "released, no debris");
    await Promise.all([store.close(), busy.close()]);
  });

  it(
    "recognises a reused pid: a lock naming this very pid with another start time is dead",
    { skip: process.platform === "linux" ? false : "needs /proc (start times)" },
    async () => {
      const dir = await freshDir();
      const me = selfIdentity();
      await plantLock(dir, "app.reused", { ...me, start: String(Number(me.start) - 1000) });
      const store = createFsStore(dir, { locks: { waitMs: 300 } });
      assert.equal(await store.withLock("reused", async () => "taken"), "taken");
      // The same pid with its true start time is alive, and is waited for.
      await plantLock(dir, "app.alive", { ...me });
      await assert.rejects(
        store.withLock("alive", async () => "no"),
        StoreBusyError,
      );
      await store.close();
    },
  );

  it("a pid that no longer exists is dead; an owner on another machine is judged by the age of its heartbeat", async () => {
    const dir = await freshDir();
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const deadPid = Number(gone.stdout);
    const me = selfIdentity();
    await plantLock(dir, "app.dead", { ...me, pid: deadPid, start: "1" });
    await plantLock(dir, "app.remote-fresh", { ...me, host: "another-machine", pid: 1 });
    await plantLock(dir, "app.remote-stale", { ...me, host: "another-machine", pid: 1 }, 20_000);
    await plantLock(dir, "app.unreadable", {}, 0);
    await fsp.writeFile(path.join(dir, "_locks", "app.unreadable"), "{not json");
    const store = createFsStore(dir, { locks: { waitMs: 300 } });
    assert.equal((await outcome(() => store.withLock("dead", async () => "ok"))).value, "ok");
    assert.equal((await outcome(() => store.withLock("remote-stale", async () => "ok"))).value, "ok");
    assert.ok((await outcome(() => store.withLock("remote-fresh", async () => "no"))).error instanceof StoreBusyError);
    assert.ok(
      (await outcome(() => store.withLock("unreadable", async () => "no"))).error instanceof StoreBusyError,
      "fresh, unknown owner: waited for",
    );
    await store.close();
  });

  it("keeps a long-held lock's heartbeat fresh, so a remote waiter never takes it from a live holder", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir, { locks: { heartbeatMs: 100 } });
    await store.withLock("long", async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      const stat = await fsp.stat(path.join(dir, "_locks", "app.long"));
      assert.ok(Date.now() - stat.mtimeMs < 400, `the lock's mtime is ${Date.now() - stat.mtimeMs} ms old while held`);
      const owner = JSON.parse(await fsp.readFile(path.join(dir, "_locks", "app.long"), "utf8")) as Record<
        string,
        unknown
      >;
      assert.equal(owner.pid, process.pid);
      assert.equal(owner.host, os.hostname());
      assert.equal(typeof owner.token, "string");
    });
    await store.close();
  });

  it("an old lock directory left by an earlier version is taken once stale, and waited for while fresh", async () => {
    const dir = await freshDir();
    await fsp.mkdir(path.join(dir, "_locks", "app.legacy-fresh"), { recursive: true });
    await fsp.mkdir(path.join(dir, "_locks", "app.legacy-stale"), { recursive: true });
    const longAgo = new Date(Date.now() - 60_000);
    await fsp.utimes(path.join(dir, "_locks", "app.legacy-stale"), longAgo, longAgo);
    const store = createFsStore(dir, { locks: { waitMs: 200 } });
    assert.equal(await store.withLock("legacy-stale", async () => "ok"), "ok");
    await assert.rejects(
      store.withLock("legacy-fresh", async () => "no"),
      StoreBusyError,
    );
    await store.close();
  });
});

describe("fs locks: the sweep", () => {
  it("breaks dead owners' locks and removes dead owners' files, and leaves live ones alone", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    await store.withLock("mine", async () => "taken once"); // this store's owner file now exists
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const me = selfIdentity();
    const place = (await fsp.readdir(path.join(dir, "_lock-owners")))[0]!.split(".")[0]!.split("-")[2]!;
    const deadOwner = path.join(dir, "_lock-owners", `${gone.stdout}-1-${place}.0a1b2c3d4e5f.json`);
    await fsp.writeFile(deadOwner, "{}");
    await plantLock(dir, "app.left-by-dead", { ...me, pid: Number(gone.stdout), start: "1" });
    await plantLock(dir, "app.held-by-live", { ...me });
    await store.sweepLeftovers!();
    await assert.rejects(fsp.access(deadOwner));
    assert.deepEqual((await fsp.readdir(path.join(dir, "_locks"))).sort(), ["app.held-by-live"]);
    assert.equal((await fsp.readdir(path.join(dir, "_lock-owners"))).length, 1, "this process's owner file stays");
    await store.close();
  });
});

describe("fs locks: contention and names", () => {
  it("contention past the waiter's patience is StoreBusyError, never StoreUnavailableError; then the lock is free", async () => {
    const dir = await freshDir();
    const holder = createFsStore(dir);
    const waiter = createFsStore(dir, { locks: { waitMs: 250 } });
    let release!: () => void;
    const holding = holder.withLock("busy", () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    const error = await waiter.withLock("busy", async () => "no").catch((e: unknown) => e);
    assert.ok(error instanceof StoreBusyError, `got ${String(error)}`);
    assert.ok(!(error instanceof StoreUnavailableError));
    assert.ok(Date.now() - started < 1_000);
    release();
    await holding;
    assert.equal(await waiter.withLock("busy", async () => "mine"), "mine");
    await Promise.all([holder.close(), waiter.close()]);
  });

  it("takes names by one rule: lockName() builds them, withLock refuses anything else", async () => {
    assert.equal(lockName("invitation", "ev1", "hh_2-x"), "invitation.ev1.hh_2-x");
    assert.throws(() => lockName("invitation", "a.b"), /Invalid lock name part/);
    assert.throws(() => lockName("invitation", ""), /Invalid lock name part/);
    assert.throws(() => lockName("a:b"), /Invalid lock name part/);
    const store = createFsStore(await freshDir());
    for (const bad of ["", "a/b", "a..b", ".a", "a.", "a:b", "../x", "a b", "x".repeat(201)]) {
      await assert.rejects(
        store.withLock(bad, async () => "no"),
        /Invalid lock name/,
        JSON.stringify(bad),
      );
    }
    assert.equal(await store.withLock("event.abc-_1", async () => "ok"), "ok");
    await store.close();
  });
});
