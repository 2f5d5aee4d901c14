import assert from "node:assert/strict";
import { mkdtempSync, promises as fsp, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { createFsStore, writeFileAtomic } from "../../lib/storage/fs-store";
import { keyLockId } from "../../lib/storage/lock-names";
import { selfIdentity } from "../../lib/storage/process-identity";
import { StoreUnavailableError } from "../../lib/errors";

const root = mkdtempSync(path.join(os.tmpdir(), "hpp-unit-fs-store-"));
let counter = 0;
after(() => rmSync(root, { recursive: true, force: true }));

async function freshDir(): Promise<string> {
  const dir = path.join(root, `case-${++counter}`);
  await fsp.mkdir(dir);
  return dir;
}

/** A large value whose every part names its version, so a mix of two versions is detected too. */
function bigValue(version: number): { version: number; chunks: string[] } {
  return { version, chunks: Array.from({ length: 200 }, (_, i) => `${version}:${i}:${"x".repeat(2000)}`) };
}

function assertWhole(value: unknown, label: string): number {
  const v = value as { version?: unknown; chunks?: unknown };
  assert.equal(typeof v.version, "number", `${label}: no version in ${JSON.stringify(value)?.slice(0, 80)}`);
  assert.ok(Array.isArray(v.chunks) && v.chunks.length === 200, `${label}: truncated chunks`);
  for (const chunk of v.chunks as unknown[]) {
    assert.ok(typeof chunk === "string" && chunk.startsWith(`${v.version as number}:`), `${label}: mixed versions`);
  }
  return v.version as number;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))),
  );
  return nested.flat();
}

/**
 * Readers loop while one writer rewrites the value version by version. A reader never throws: it records
 * what it saw and stops everyone, so no write is still in flight when the test (and its cleanup) ends.
 */
async function readWhileWriting(options: {
  readers: number;
  versions: number;
  read: () => Promise<unknown>;
  write: (version: number) => Promise<void>;
}): Promise<{ reads: number; problems: string[] }> {
  let stop = false;
  let reads = 0;
  const problems: string[] = [];
  const readers = Array.from({ length: options.readers }, async () => {
    let lastSeen = 0;
    while (!stop) {
      try {
        const version = assertWhole(await options.read(), `read ${reads}`);
        if (version < lastSeen) throw new Error(`read ${reads}: version ${version} after ${lastSeen}`);
        lastSeen = version;
        reads += 1;
      } catch (error) {
        problems.push((error as Error).message);
        stop = true;
      }
    }
  });
  for (let version = 1; version <= options.versions && !stop; version++) await options.write(version);
  stop = true;
  await Promise.all(readers);
  return { reads, problems };
}

describe("fs store: atomic writes", () => {
  it("never lets a reader see a partial file while writeFileAtomic rewrites a large value", async () => {
    const dir = await freshDir();
    const file = path.join(dir, "big.json");
    await writeFileAtomic(file, JSON.stringify(bigValue(0)));
    const { reads, problems } = await readWhileWriting({
      readers: 1,
      versions: 150,
      read: async () => {
        const text = await fsp.readFile(file, "utf8");
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new Error(`unparseable file of ${text.length} bytes`);
        }
      },
      write: (version) => writeFileAtomic(file, JSON.stringify(bigValue(version))),
    });
    assert.deepEqual(problems, []);
    assert.ok(reads > 0, "the reader ran while the writer wrote");
    assert.equal(assertWhole(JSON.parse(await fsp.readFile(file, "utf8")), "final"), 150);
    assert.deepEqual(await fsp.readdir(dir), ["big.json"], "no temp file is left behind");
  });

  it("never lets store.get see a partial value while store.set rewrites it (two store instances)", async () => {
    const dir = await freshDir();
    const writer = createFsStore(dir);
    const readerStore = createFsStore(dir);
    await writer.set("sessions:big", bigValue(0));
    const { reads, problems } = await readWhileWriting({
      readers: 2,
      versions: 150,
      read: () => readerStore.get("sessions:big"),
      write: (version) => writer.set("sessions:big", bigValue(version)),
    });
    assert.deepEqual(problems, []);
    assert.ok(reads > 0);
    assert.equal(assertWhole(await readerStore.get("sessions:big"), "final"), 150);
    assert.deepEqual(await writer.listKeys("sessions"), ["sessions:big"]);
  });

  it("ignores temp files a crashed writer left behind, in reads and in listings", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    await store.set("sessions:abc", { ok: true });
    await store.setAdd("organizer-sessions:org1", "abc");
    // What a process killed between writeFile and rename leaves: half-written temp files next to the targets.
    await fsp.writeFile(path.join(dir, "sessions", "abc.4242.0a1b2c3d4e5f.tmp"), '{"ok": fal');
    await fsp.writeFile(path.join(dir, "sessions", "orphan.4242.0a1b2c3d4e5f.tmp"), '{"v":1,');
    await fsp.writeFile(path.join(dir, "_sets", "organizer-sessions", "org1", "zzz.1.abcdef.tmp"), "");

    assert.deepEqual(await store.get("sessions:abc"), { ok: true });
    assert.equal(await store.get("sessions:orphan"), null);
    assert.deepEqual(await store.listKeys("sessions"), ["sessions:abc"]);
    assert.deepEqual(await store.setMembers("organizer-sessions:org1"), ["abc"]);

    await store.set("sessions:abc", { ok: "again" });
    assert.deepEqual(
      await store.get("sessions:abc"),
      { ok: "again" },
      "a new write replaces the target, not the debris",
    );
  });
});

describe("fs store: atomic operations", () => {
  it("add() creates if absent: exactly one of 20 concurrent callers (two instances) wins", async () => {
    const dir = await freshDir();
    const stores = [createFsStore(dir), createFsStore(dir)];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stores[i % 2]!.add("organizer-emails:claim", { claimant: i })),
    );
    const winners = results.flatMap((won, i) => (won ? [i] : []));
    assert.equal(winners.length, 1);
    assert.deepEqual(await stores[0]!.get("organizer-emails:claim"), { claimant: winners[0] });
    assert.deepEqual(await fsp.readdir(path.join(dir, "organizer-emails")), ["claim"], "no temp files left");
    assert.equal(await stores[1]!.add("organizer-emails:claim", { claimant: 99 }), false);
  });

  it("take() gives the value to exactly one of 20 concurrent callers and deletes it", async () => {
    const dir = await freshDir();
    const stores = [createFsStore(dir), createFsStore(dir)];
    for (let round = 0; round < 5; round++) {
      await stores[0]!.set("flash:abc", { message: `hello ${round}` });
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.take("flash:abc")));
      assert.deepEqual(
        results.filter((r) => r !== null),
        [{ message: `hello ${round}` }],
      );
      assert.equal(await stores[1]!.get("flash:abc"), null);
    }
    assert.equal(await stores[0]!.take("flash:never-set"), null);
    assert.deepEqual(await fsp.readdir(path.join(dir, "flash")), []);
  });

  it("replace() writes only over an existing key", async () => {
    const store = createFsStore(await freshDir());
    assert.equal(await store.replace("sessions:gone", { v: 1 }), false);
    assert.equal(await store.get("sessions:gone"), null);
    await store.set("sessions:here", { v: 1 });
    assert.equal(await store.replace("sessions:here", { v: 2 }), true);
    assert.deepEqual(await store.get("sessions:here"), { v: 2 });
  });

  it("withLock serializes read-modify-write across two store instances on the same DATA_DIR", async () => {
    const dir = await freshDir();
    const stores = [createFsStore(dir), createFsStore(dir)];
    await stores[0]!.set("counters:n", 0);
    let inside = 0;
    let overlaps = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stores[i % 2]!.withLock("counter", async () => {
          inside += 1;
          if (inside > 1) overlaps += 1;
          const n = (await stores[i % 2]!.get("counters:n")) as number;
          await new Promise((r) => setTimeout(r, 2)); // gives the other instance every chance to interleave
          await stores[i % 2]!.set("counters:n", n + 1);
          inside -= 1;
        }),
      ),
    );
    assert.equal(overlaps, 0);
    assert.equal(await stores[1]!.get("counters:n"), 20, "no increment was lost");
    assert.deepEqual(await fsp.readdir(path.join(dir, "_locks")), [], "every lock was released");
  });

  it("withLock releases the lock when the work throws", async () => {
    const store = createFsStore(await freshDir());
    await assert.rejects(
      store.withLock("boom", async () => Promise.reject(new Error("boom"))),
      /boom/,
    );
    assert.equal(await store.withLock("boom", async () => "again"), "again");
  });

  it("withLock takes over a lock left by a crashed process once it is stale", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    await store.ping();
    const lockDir = path.join(dir, "_locks", "app.stale");
    await fsp.mkdir(lockDir, { recursive: true });
    const longAgo = new Date(Date.now() - 60_000);
    await fsp.utimes(lockDir, longAgo, longAgo);
    assert.equal(await store.withLock("stale", async () => "got it"), "got it");
  });
});

describe("fs store: keys and files", () => {
  it("maps keys to files under DATA_DIR/<namespace>/...", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    await store.set("sessions:abc", { a: 1 });
    await store.set("organizers:o1:profile", { b: 2 });
    await store.setAdd("organizer-sessions:o1", "s1");
    assert.deepEqual(JSON.parse(await fsp.readFile(path.join(dir, "sessions", "abc"), "utf8")), { a: 1 });
    assert.deepEqual(JSON.parse(await fsp.readFile(path.join(dir, "organizers", "o1", "profile"), "utf8")), { b: 2 });
    await fsp.access(path.join(dir, "_sets", "organizer-sessions", "o1", "s1"));
    assert.deepEqual((await walk(dir)).map((f) => path.relative(dir, f)).sort(), [
      "_sets/organizer-sessions/o1/s1",
      "organizers/o1/profile",
      "sessions/abc",
    ]);
    await store.remove("sessions:abc");
    await assert.rejects(fsp.access(path.join(dir, "sessions", "abc")));
  });

  it("keeps values round-tripping as JSON (objects, strings that look like numbers)", async () => {
    const store = createFsStore(await freshDir());
    await store.set("misc:obj", { nested: { list: [1, "two", null] } });
    assert.deepEqual(await store.get("misc:obj"), { nested: { list: [1, "two", null] } });
    assert.equal(await store.get("misc:missing"), null);
    await store.set("misc:text", "plain words");
    assert.equal(await store.get("misc:text"), "plain words");
  });

  it("reads values of any size whole (get reads in 2 KB chunks), and a key that is a directory as absent", async () => {
    const store = createFsStore(await freshDir());
    for (const size of [2047, 2048, 2049, 4096, 100_000]) {
      // Multi-byte characters straddle the chunk boundaries.
      const value = { size, text: "é€".repeat(Math.ceil(size / 5)).slice(0, size) };
      await store.set(`misc:v${size}`, value);
      assert.deepEqual(await store.get(`misc:v${size}`), value, `a ${size}-character value`);
    }
    await store.set("nested:a:b", { deep: true });
    assert.equal(await store.get("nested:a"), null);
  });

  it("rejects invalid keys before touching the disk", async () => {
    const dir = await freshDir();
    const store = createFsStore(path.join(dir, "data"));
    const bad = [
      "..",
      "sessions:..",
      "sessions:.",
      "../escape:x",
      "sessions:../../escape",
      "sessions:a/b",
      "sessions/x:y",
      "sessions:a\\b",
      "no-namespace",
      "sessions:",
      ":x",
      "sessions::x",
      "sessions:a b",
    ];
    for (const key of bad) {
      // Called directly, not in an async arrow: a malformed key must reject the promise, never throw synchronously.
      await assert.rejects(store.get(key), /Invalid store key/, `get ${key}`);
      await assert.rejects(store.set(key, 1), /Invalid store key/, `set ${key}`);
      await assert.rejects(store.add(key, 1), /Invalid store key/, `add ${key}`);
      await assert.rejects(store.replace(key, 1), /Invalid store key/, `replace ${key}`);
      await assert.rejects(store.remove(key), /Invalid store key/, `remove ${key}`);
      await assert.rejects(store.take(key), /Invalid store key/, `take ${key}`);
      await assert.rejects(store.setAdd(key, "m"), /Invalid store key/, `setAdd ${key}`);
    }
    await assert.rejects(store.setAdd("organizer-sessions:o1", "../x"), /Invalid store key/);
    await assert.rejects(store.setAdd("organizer-sessions:o1", "a/b"), /Invalid store key/);
    assert.deepEqual(await fsp.readdir(dir), [], "nothing was written anywhere");
  });

  it("reports a DATA_DIR it cannot use as StoreUnavailableError, not as a missing record", async () => {
    const dir = await freshDir();
    const notADir = path.join(dir, "file");
    await fsp.writeFile(notADir, "I am a file");
    const store = createFsStore(notADir);
    await assert.rejects(store.get("sessions:abc"), StoreUnavailableError);
    await assert.rejects(store.ping(), StoreUnavailableError);
  });
});

describe("fs store: remove() and the key's lock", () => {
  /** What another live process holding the key's lock has on disk: the lock file, naming its owner. */
  async function holdKeyLock(dir: string, key: string): Promise<() => Promise<void>> {
    const lockFile = path.join(dir, "_locks", keyLockId(key));
    await fsp.mkdir(path.dirname(lockFile), { recursive: true });
    await fsp.writeFile(lockFile, JSON.stringify({ v: 1, ...selfIdentity(), token: "another-process" }));
    return () => fsp.rm(lockFile);
  }
  const settledWithin = <T>(promise: Promise<T>, ms: number) =>
    Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

  it("removes present and absent keys without taking a lock when nobody holds one", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    await store.set("sessions:here", { v: 1 });
    await store.remove("sessions:here");
    await store.remove("flash:never-set");
    await store.remove("flash:never-set");
    assert.equal(await store.get("sessions:here"), null);
    await assert.rejects(fsp.access(path.join(dir, "_locks")), "a lock directory was made");
  });

  it("when a replace holds the key's lock, waits for it and removes what that replace writes", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    await store.set("sessions:held", { renewed: false });
    // Another process's replace() has the lock and has found the key present; its write is still to come.
    const release = await holdKeyLock(dir, "sessions:held");
    const removing = store.remove("sessions:held");
    assert.equal(await settledWithin(removing, 300), false, "remove returned while a replace was in its window");
    // The replace writes (as its rename over the key would) and lets go of the lock.
    await writeFileAtomic(path.join(dir, "sessions", "held"), JSON.stringify({ renewed: true }));
    await release();
    await removing;
    assert.equal(await store.get("sessions:held"), null, "the renewal brought the removed key back");
    assert.deepEqual(await fsp.readdir(path.join(dir, "_locks")), [], "the lock was released");
  });

  it("when a key's lock is held, a remove of an absent key waits too (a replace may be about to write it)", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    await store.ping();
    const release = await holdKeyLock(dir, "flash:gone");
    const removing = store.remove("flash:gone");
    assert.equal(await settledWithin(removing, 300), false);
    await writeFileAtomic(path.join(dir, "flash", "gone"), JSON.stringify({ message: "late" }));
    await release();
    await removing;
    assert.equal(await store.get("flash:gone"), null);
  });

  it("never lets a remove be undone by a replace racing it from another instance (another process)", async () => {
    const dir = await freshDir();
    const [a, b] = [createFsStore(dir), createFsStore(dir)];
    for (let round = 0; round < 200; round++) {
      const key = `sessions:race${round}`;
      await a.set(key, { round, renewed: false });
      // The remove starts a varying number of file-system round trips after the replace, so that over the
      // rounds it lands before, inside and after the replace's window between its check and its write.
      const lateRemove = async () => {
        for (let hop = 0; hop < round % 10; hop++) await fsp.access(dir);
        await b.remove(key);
      };
      await Promise.all([a.replace(key, { round, renewed: true }), lateRemove()]);
      assert.equal(await a.get(key), null, `round ${round}: the removed key came back`);
    }
    assert.deepEqual(await fsp.readdir(path.join(dir, "sessions")), []);
  });

  it("setRemove removes one member and ignores a member that is not there", async () => {
    const store = createFsStore(await freshDir());
    await store.setAdd("organizer-sessions:o1", "s1");
    await store.setAdd("organizer-sessions:o1", "s2");
    await store.setRemove("organizer-sessions:o1", "s1");
    await store.setRemove("organizer-sessions:o1", "s1");
    await store.setRemove("organizer-sessions:o2", "s9");
    assert.deepEqual(await store.setMembers("organizer-sessions:o1"), ["s2"]);
  });
});

describe("fs store: forEachValue", () => {
  it("visits every value of the namespace once, with its size on disk, skipping temp files and other namespaces", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    const values: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) values[`sessions:s${i}`] = { i, agent: i % 3 === 0 ? "Ünïcödé ✓" : "ascii" };
    for (const [key, value] of Object.entries(values)) await store.set(key, value);
    await store.set("flash:s1", { message: "not a session" });
    await store.set("sessions:big", { text: "y".repeat(10_000) }); // several read chunks
    values["sessions:big"] = { text: "y".repeat(10_000) };
    await fsp.writeFile(path.join(dir, "sessions", "s1.4242.0a1b2c3d4e5f.tmp"), '{"half":');
    await fsp.mkdir(path.join(dir, "sessions", "a-directory"));

    const seen = new Map<string, { value: unknown; bytes: number }>();
    let inFlight = 0;
    let maxInFlight = 0;
    const listed = await store.forEachValue(
      "sessions",
      async ({ key, value, bytes }) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        assert.ok(!seen.has(key), `${key} visited twice`);
        seen.set(key, { value, bytes });
        await new Promise((r) => setTimeout(r, 1));
        inFlight -= 1;
      },
      { concurrency: 8 },
    );
    assert.equal(listed, 301);
    assert.deepEqual([...seen.keys()].sort(), Object.keys(values).sort());
    for (const [key, { value, bytes }] of seen) {
      assert.deepEqual(value, values[key], key);
      const file = path.join(dir, ...key.split(":"));
      assert.equal(bytes, (await fsp.stat(file)).size, `${key}: bytes as stored`);
    }
    assert.ok(seen.get("sessions:s0")!.bytes > JSON.stringify(values["sessions:s0"]).length, "bytes, not characters");
    assert.ok(maxInFlight > 1 && maxInFlight <= 8, `concurrency ${maxInFlight}`);
  });

  it("lists nothing in a namespace that does not exist, and passes unparseable files on as they are", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    assert.equal(await store.forEachValue("sessions", () => assert.fail("visited")), 0);
    await fsp.mkdir(path.join(dir, "sessions"));
    await fsp.writeFile(path.join(dir, "sessions", "broken"), '{"v":1,');
    const seen: unknown[] = [];
    assert.equal(await store.forEachValue("sessions", ({ value }) => void seen.push(value)), 1);
    assert.deepEqual(seen, ['{"v":1,']);
  });

  it("skips a value removed after the listing, and removing values while walking visits each other one once", async () => {
    const dir = await freshDir();
    const store = createFsStore(dir);
    for (let i = 0; i < 500; i++) await store.set(`sessions:k${i}`, { i });
    const seen = new Set<string>();
    const listed = await store.forEachValue("sessions", async ({ key, value }) => {
      assert.ok(!seen.has(key), `${key} visited twice`);
      seen.add(key);
      // Every even one is removed, and so is its odd neighbour, which may be listed but not yet read.
      if ((value as { i: number }).i % 2 === 0) {
        await store.remove(key);
        await store.remove(`sessions:k${(value as { i: number }).i + 1}`);
      }
    });
    assert.ok(listed >= 250 && listed <= 500, `listed ${listed}`);
    for (let i = 0; i < 500; i += 2) assert.ok(seen.has(`sessions:k${i}`), `k${i} was never visited`);
    assert.deepEqual(await store.listKeys("sessions"), []);
  });

  it("stops at the first failing visit and rejects with its error", async () => {
    const store = createFsStore(await freshDir());
    for (let i = 0; i < 200; i++) await store.set(`sessions:k${i}`, { i });
    let visits = 0;
    await assert.rejects(
      store.forEachValue(
        "sessions",
        async () => {
          visits += 1;
          if (visits === 5) throw new Error("visit failed");
          await new Promise((r) => setTimeout(r, 1));
        },
        { concurrency: 4 },
      ),
      /visit failed/,
    );
    assert.ok(visits < 20, `${visits} visits after the failure`);
  });
});
