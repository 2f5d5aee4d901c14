import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import { createMemoryStore } from "../../lib/storage/memory-store";
import type { AppStore } from "../../lib/storage/types";
import { redisClient, redisForTests } from "../../support/redis";
import { DRIVERS, driverHarness, type DriverHarness } from "../support/redis-stores";

// AppStore.incrementCounter / getCounter on every store (issue 13, item 3: the login throttle counts a failure
// with one atomic increment instead of a read-modify-write of a JSON list under a lock).

const redis = await redisForTests("test/storage/counter.test.ts");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Backend {
  name: string;
  open(): Promise<{ store: AppStore; second(): AppStore; dataDir?: string; prefix?: string; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: "memory",
    async open() {
      const store = createMemoryStore();
      return { store, second: () => store, close: () => store.close() };
    },
  },
  {
    name: "fs",
    async open() {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "hpp-counter-"));
      const stores = [createFsStore(dataDir)];
      return {
        store: stores[0]!,
        // Another instance on the same directory: shares nothing with the first but the files and their locks,
        // as a second process would.
        second() {
          const other = createFsStore(dataDir);
          stores.push(other);
          return other;
        },
        dataDir,
        async close() {
          await Promise.all(stores.map((s) => s.close()));
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

const harnesses: DriverHarness[] = [];
if (redis) {
  for (const kind of DRIVERS) {
    backends.push({
      name: kind,
      async open() {
        const h = await driverHarness(kind, redis.url, `counter-${kind}`);
        harnesses.push(h);
        // A second client (its own connection) on the same prefix, as another app instance would have.
        return { store: h.store(), second: () => h.store(), prefix: h.prefix, close: () => h.dispose() };
      },
    });
  }
} else {
  describe("counters on Redis", { skip: "no Redis available" }, () => {});
}
after(async () => {
  for (const h of harnesses) await h.dispose().catch(() => undefined);
});

for (const backend of backends) {
  describe(`incrementCounter on the ${backend.name} store`, () => {
    let opened: Awaited<ReturnType<Backend["open"]>>;
    before(async () => {
      opened = await backend.open();
    });
    after(async () => {
      await opened?.close();
    });

    it("counts from 1; an absent counter reads 0", async () => {
      const { store } = opened;
      assert.equal(await store.getCounter("counters:fresh"), 0);
      assert.equal(await store.incrementCounter("counters:fresh", { ttlSeconds: 60 }), 1);
      assert.equal(await store.incrementCounter("counters:fresh", { ttlSeconds: 60 }), 2);
      assert.equal(await store.getCounter("counters:fresh"), 2);
      assert.equal(await store.getCounter("counters:other"), 0, "counters are per key");
    });

    it("gives each of 40 concurrent increments (from two clients) its own value, and ends 40 higher", async () => {
      const { store } = opened;
      const other = opened.second();
      const values = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 === 0 ? store : other).incrementCounter("counters:race", { ttlSeconds: 60 }),
        ),
      );
      assert.deepEqual(
        [...values].sort((a, b) => a - b),
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      assert.equal(await store.getCounter("counters:race"), 40);
      assert.equal(await other.getCounter("counters:race"), 40);
    });

    it("expires ttlSeconds after the last increment, then counts from 1 again", async () => {
      const { store } = opened;
      assert.equal(await store.incrementCounter("counters:ttl", { ttlSeconds: 1 }), 1);
      await sleep(600);
      // A second increment moves the expiry: 600 ms later the counter is still there.
      assert.equal(await store.incrementCounter("counters:ttl", { ttlSeconds: 1 }), 2);
      await sleep(600);
      assert.equal(
        await store.getCounter("counters:ttl"),
        2,
        "alive 1.2 s after the first increment, 0.6 s after the last",
      );
      await sleep(700);
      assert.equal(await store.getCounter("counters:ttl"), 0, "gone 1.3 s after the last increment");
      assert.equal(await store.incrementCounter("counters:ttl", { ttlSeconds: 1 }), 1);
    });

    it("is removed by remove(), and refuses a missing or bad ttl or key", async () => {
      const { store } = opened;
      await store.incrementCounter("counters:gone", { ttlSeconds: 60 });
      await store.remove("counters:gone");
      assert.equal(await store.getCounter("counters:gone"), 0);
      await assert.rejects(store.incrementCounter("counters:bad", { ttlSeconds: 0 }), /positive ttlSeconds/);
      await assert.rejects(store.incrementCounter("counters:bad", { ttlSeconds: Number.NaN }), /positive ttlSeconds/);
      await assert.rejects(store.incrementCounter("counters:../x", { ttlSeconds: 60 }), /Invalid store key/);
      assert.equal(await store.getCounter("counters:bad"), 0, "a refused increment wrote nothing");
    });

    if (backend.name === "fs") {
      it("keeps the counter in one JSON file with its expiry, written by rename (no temp file left)", async () => {
        const { store, dataDir } = opened;
        const before = Date.now();
        await store.incrementCounter("counters:file", { ttlSeconds: 60 });
        const record = JSON.parse(readFileSync(path.join(dataDir!, "counters", "file"), "utf8")) as {
          count: number;
          expiresAt: number;
        };
        assert.equal(record.count, 1);
        assert.ok(record.expiresAt >= before + 60_000 && record.expiresAt <= Date.now() + 60_000);
        assert.deepEqual(
          readdirSync(path.join(dataDir!, "counters")).filter((f) => f.endsWith(".tmp")),
          [],
        );
      });
    }

    if (backend.name === "redis" || backend.name === "upstash") {
      it("is a plain Redis integer with a native expiry set by the same command (never a counter without a TTL)", async () => {
        const { store, prefix } = opened;
        const client = redisClient(redis!.url);
        try {
          await store.incrementCounter("counters:native", { ttlSeconds: 30 });
          assert.equal(await client.get(`${prefix}:counters:native`), "1");
          const ttl = await client.pttl(`${prefix}:counters:native`);
          assert.ok(ttl > 25_000 && ttl <= 30_000, `PTTL ${ttl}`);
          await store.incrementCounter("counters:native", { ttlSeconds: 90 });
          assert.ok((await client.pttl(`${prefix}:counters:native`)) > 85_000, "each increment sets the expiry afresh");
        } finally {
          client.disconnect();
        }
      });
    }
  });
}
