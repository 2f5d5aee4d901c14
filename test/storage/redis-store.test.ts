import assert from "node:assert/strict";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { createRedisStore, createUpstashStore, REDIS_TIMEOUT_MS } from "../../lib/storage/redis-store";
import { StoreUnavailableError } from "../../lib/errors";
import { type AppStore } from "../../lib/storage/types";
import {
  freePort,
  keysWithPrefix,
  privateRedisUnavailable,
  redisClient,
  redisForTests,
  startPrivateRedis,
  uniquePrefix,
  type PrivateRedis,
} from "../../support/redis";
import { DRIVERS, driverHarness, settle, type DriverHarness } from "../support/redis-stores";
import { startUpstashShim } from "../../support/upstash-shim";

// The promise for organizer pages with Redis down is an answer within 2 s; the store must give up
// well inside that. This is a behaviour bound, not a benchmark.
const FAIL_FAST_MS = 2_000;

const redis = await redisForTests("test/storage/redis-store.test.ts");
const noPrivateRedis = privateRedisUnavailable("test/storage/redis-store.test.ts (outage cases)");

function assertUnavailable(result: { ms: number; error: unknown }, what: string): void {
  assert.ok(
    result.error instanceof StoreUnavailableError,
    `${what}: expected StoreUnavailableError, got ${String(result.error)}`,
  );
  assert.ok(result.ms < FAIL_FAST_MS, `${what}: took ${result.ms} ms, must fail within ${FAIL_FAST_MS} ms`);
}

for (const kind of DRIVERS) {
  describe(`${kind} store on a real Redis`, { skip: redis === null ? "no Redis available" : false }, () => {
    let h: DriverHarness;
    let store: AppStore;
    const native = () => redisClient(redis!.url);
    const full = (key: string) => `${h.prefix}:${key}`;

    before(async () => {
      h = await driverHarness(kind, redis!.url, `store-${kind}`);
      store = h.store();
    });
    after(async () => {
      await h?.dispose();
      if (h) assert.deepEqual(await keysWithPrefix(redis!.url, h.prefix), [], "the run left no keys behind");
    });

    it("reports its kind and answers ping", async () => {
      assert.equal(store.kind, kind);
      await store.ping();
    });

    it("round-trips values exactly, missing keys are null", async () => {
      const values: unknown[] = [
        { a: 1, nested: { list: [1, "two", null], flag: true } },
        "123",
        "plain text with ünïcødé ✓",
        "",
        42,
        0,
        false,
        [1, 2, 3],
      ];
      for (const [i, value] of values.entries()) {
        await store.set(`rt:v${i}`, value);
        assert.deepEqual(await store.get(`rt:v${i}`), value, `value ${JSON.stringify(value)}`);
      }
      assert.equal(await store.get("rt:missing"), null);
      await store.remove("rt:v0");
      assert.equal(await store.get("rt:v0"), null);
    });

    it("stores keys under its prefix, as plain Redis strings", async () => {
      await store.set("layout:one", { x: 1 });
      const client = native();
      try {
        assert.equal(await client.get(full("layout:one")), JSON.stringify({ x: 1 }));
        assert.equal(await client.type(full("layout:one")), "string");
      } finally {
        client.disconnect();
      }
    });

    it("gives set/add/replace a native TTL, and a plain set clears it", async () => {
      const client = native();
      try {
        await store.set("ttl:set", { v: 1 }, { ttlSeconds: 120 });
        let ttl = await client.ttl(full("ttl:set"));
        assert.ok(ttl > 115 && ttl <= 120, `set TTL ${ttl}`);

        // Fractions round up: a record is never expired by Redis before its own expiry.
        await store.set("ttl:frac", 1, { ttlSeconds: 0.2 });
        assert.ok((await client.pttl(full("ttl:frac"))) > 200);

        assert.equal(await store.add("ttl:add", { v: 1 }, { ttlSeconds: 300 }), true);
        ttl = await client.ttl(full("ttl:add"));
        assert.ok(ttl > 295 && ttl <= 300, `add TTL ${ttl}`);

        assert.equal(await store.replace("ttl:add", { v: 2 }, { ttlSeconds: 3600 }), true);
        ttl = await client.ttl(full("ttl:add"));
        assert.ok(ttl > 3595 && ttl <= 3600, `replace refreshed the TTL: ${ttl}`);

        await store.set("ttl:set", { v: 2 });
        assert.equal(await client.ttl(full("ttl:set")), -1, "a set without TTL makes the key persistent");
      } finally {
        client.disconnect();
      }
    });

    it("really expires a key when its TTL runs out", async () => {
      await store.set("ttl:short", { v: 1 }, { ttlSeconds: 1 });
      assert.deepEqual(await store.get("ttl:short"), { v: 1 });
      const client = native();
      try {
        // Wait on Redis's own clock rather than sleeping a guessed time.
        for (let i = 0; i < 40 && (await client.exists(full("ttl:short"))); i++)
          await new Promise((r) => setTimeout(r, 100));
      } finally {
        client.disconnect();
      }
      assert.equal(await store.get("ttl:short"), null);
    });

    it("add writes only when absent: of 25 concurrent adds exactly one wins and its value stays", async () => {
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.add("atomic:add", { writer: i })));
      const winners = results.flatMap((ok, i) => (ok ? [i] : []));
      assert.equal(winners.length, 1, `winners: ${winners.join(",")}`);
      assert.deepEqual(await store.get("atomic:add"), { writer: winners[0] });
    });

    it("add from two store instances (two processes' connections): still exactly one winner", async () => {
      const other = h.store();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).add("atomic:add2", { writer: i })),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });

    it("replace never creates: a late write cannot resurrect a removed key", async () => {
      assert.equal(await store.replace("atomic:rep", { v: 1 }), false);
      assert.equal(await store.get("atomic:rep"), null);

      await store.set("atomic:rep", { v: 1 });
      const racing = await Promise.all([
        store.remove("atomic:rep"),
        ...Array.from({ length: 10 }, (_, i) => store.replace("atomic:rep", { v: i + 2 })),
      ]);
      // Whatever interleaving Redis chose, once the remove is done no replace may bring the key back.
      await store.remove("atomic:rep");
      const late = await Promise.all(Array.from({ length: 10 }, () => store.replace("atomic:rep", { v: 99 })));
      assert.deepEqual(late, Array(10).fill(false));
      assert.equal(await store.get("atomic:rep"), null);
      assert.equal(racing.length, 11);
    });

    it("take: of 25 concurrent takers exactly one gets the value, and the key is gone", async () => {
      await store.set("atomic:take", { secret: "once" });
      const other = h.store();
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) => (i % 2 ? store : other).take("atomic:take")),
      );
      const got = results.filter((r) => r !== null);
      assert.deepEqual(got, [{ secret: "once" }]);
      assert.equal(await store.get("atomic:take"), null);
      assert.equal(await store.take("atomic:take"), null);
    });

    it("keeps sets as native Redis sets: add, dedupe, remove, members", async () => {
      assert.deepEqual(await store.setMembers("idx:empty"), []);
      await Promise.all(["b", "a", "c", "a", "123", "0042"].map((m) => store.setAdd("idx:one", m)));
      assert.deepEqual((await store.setMembers("idx:one")).sort(), ["0042", "123", "a", "b", "c"]);
      await store.setRemove("idx:one", "b");
      await store.setRemove("idx:one", "not-there");
      assert.deepEqual((await store.setMembers("idx:one")).sort(), ["0042", "123", "a", "c"]);
      const client = native();
      try {
        assert.equal(await client.type(full("idx:one")), "set");
        assert.deepEqual((await client.smembers(full("idx:one"))).sort(), ["0042", "123", "a", "c"]);
      } finally {
        client.disconnect();
      }
    });

    it("withLock excludes across two store instances: no lost update, never two holders", async () => {
      const a = h.store();
      const b = h.store();
      await a.set("lock:counter", 0);
      let inside = 0;
      let maxInside = 0;
      const increment = (s: AppStore) =>
        s.withLock("counter", async () => {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          const value = (await s.get("lock:counter")) as number;
          await new Promise((r) => setTimeout(r, 2));
          await s.set("lock:counter", value + 1);
          inside -= 1;
        });
      await Promise.all(Array.from({ length: 30 }, (_, i) => increment(i % 2 ? a : b)));
      assert.equal(await a.get("lock:counter"), 30);
      assert.equal(maxInside, 1);
      // The lock key is released (deleted), not left to expire.
      const lockKeys = (await keysWithPrefix(redis!.url, h.prefix)).filter((k) => k.includes("_locks"));
      assert.deepEqual(lockKeys, []);
    });

    it("withLock releases the lock when fn throws, and passes the error on", async () => {
      await assert.rejects(
        store.withLock("boom", async () => Promise.reject(new Error("inner failure"))),
        /inner failure/,
      );
      assert.equal(await store.withLock("boom", async () => "free again"), "free again");
    });

    it("listKeys sees only this prefix and this namespace", async () => {
      const mine = h.store();
      const foreign = h.store(uniquePrefix("foreign"));
      await mine.set("listing:a", 1);
      await mine.set("listing:b", 2);
      await mine.set("listing-other:c", 3);
      await mine.setAdd("listing:set", "x");
      await foreign.set("listing:z", 9);
      const client = native();
      try {
        // A key outside every prefix, in the same database.
        await client.set(`listing:${h.prefix}`, "unprefixed", "EX", 60);
        assert.deepEqual((await mine.listKeys("listing")).sort(), ["listing:a", "listing:b", "listing:set"]);
        assert.deepEqual(await foreign.listKeys("listing"), ["listing:z"]);
      } finally {
        await client.del(`listing:${h.prefix}`);
        client.disconnect();
      }
    });

    it("forEachValue visits every value of this prefix's namespace, with its size as stored", async () => {
      const mine = h.store();
      const foreign = h.store(uniquePrefix("foreign"));
      await mine.set("walk:a", { name: "Ünïcödé ✓" });
      await mine.set("walk:b", { n: 2 }, { ttlSeconds: 60 });
      await mine.set("walk-other:c", 3);
      await foreign.set("walk:z", 9);
      const seen = new Map<string, { value: unknown; bytes: number }>();
      assert.equal(await mine.forEachValue("walk", ({ key, value, bytes }) => void seen.set(key, { value, bytes })), 2);
      assert.deepEqual(Object.fromEntries(seen), {
        "walk:a": { value: { name: "Ünïcödé ✓" }, bytes: Buffer.byteLength(JSON.stringify({ name: "Ünïcödé ✓" })) },
        "walk:b": { value: { n: 2 }, bytes: JSON.stringify({ n: 2 }).length },
      });
    });

    it("forEachValue reads a large namespace in batches and visits each value once", async () => {
      const mine = h.store();
      const count = 1_234; // more than two MGET batches
      await Promise.all(Array.from({ length: count }, (_, i) => mine.set(`walk-many:k${i}`, { i })));
      const seen = new Set<number>();
      let bytes = 0;
      const listed = await mine.forEachValue("walk-many", ({ key, value, bytes: b }) => {
        const { i } = value as { i: number };
        assert.equal(key, `walk-many:k${i}`);
        assert.ok(!seen.has(i), `k${i} visited twice`);
        seen.add(i);
        bytes += b;
      });
      assert.equal(listed, count);
      assert.equal(seen.size, count);
      let expected = 0;
      for (let i = 0; i < count; i++) expected += JSON.stringify({ i }).length;
      assert.equal(bytes, expected);
    });

    it("refuses malformed keys before touching Redis", async () => {
      for (const key of ["nonamespace", "a:../b", "a:b c", "a::b", ""]) {
        await assert.rejects(async () => store.get(key), /Invalid store key/, key);
        await assert.rejects(async () => store.set(key, 1), /Invalid store key/, key);
      }
    });

    it("describes itself without a password", async () => {
      const other =
        kind === "redis"
          ? createRedisStore("redis://user:s3cr3t-pw@127.0.0.1:1/0", "hpp")
          : createUpstashStore("https://example.upstash.io", "s3cr3t-token", "hpp");
      await other.close();
      assert.ok(!other.description.includes("s3cr3t"), other.description);
      assert.match(other.description, /hpp:/);
    });
  });
}

describe("stores with Redis unreachable", { skip: redis === null ? "no Redis available" : false }, () => {
  it("redis: nothing listening fails fast with StoreUnavailableError, for every operation", async () => {
    const store = createRedisStore(`redis://127.0.0.1:${await freePort()}`, uniquePrefix("down"));
    try {
      assertUnavailable(await settle(() => store.ping()), "ping");
      assertUnavailable(await settle(() => store.get("sessions:x")), "get");
      assertUnavailable(await settle(() => store.set("sessions:x", 1)), "set");
      assertUnavailable(await settle(() => store.replace("sessions:x", 1)), "replace");
      assertUnavailable(await settle(() => store.setMembers("organizer-sessions:x")), "setMembers");
      assertUnavailable(await settle(() => store.withLock("x", async () => 1)), "withLock");
    } finally {
      await store.close();
    }
  });

  it("upstash: nothing listening at the REST URL fails fast with StoreUnavailableError", async () => {
    const store = createUpstashStore(`http://127.0.0.1:${await freePort()}`, "token", uniquePrefix("down"));
    assertUnavailable(await settle(() => store.ping()), "ping");
    assertUnavailable(await settle(() => store.get("sessions:x")), "get");
    assertUnavailable(await settle(() => store.add("sessions:x", 1)), "add");
  });

  it("upstash: an endpoint that accepts but never answers fails fast with StoreUnavailableError", async () => {
    // A black hole: the TCP connection opens, no HTTP response ever comes (a hung proxy or load balancer).
    const sockets = new Set<Socket>();
    const blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", () => resolve()));
    const { port } = blackHole.address() as AddressInfo;
    try {
      const store = createUpstashStore(`http://127.0.0.1:${port}`, "token", uniquePrefix("blackhole"));
      assertUnavailable(await settle(() => store.get("sessions:x")), "get");
      assertUnavailable(await settle(() => store.ping()), "ping");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => blackHole.close(resolve));
    }
  });

  it("upstash: a wrong token is StoreUnavailableError (never 'no such record')", async () => {
    const shim = await startUpstashShim({ redisUrl: redis!.url, token: "right-token" });
    const store = createUpstashStore(shim.url, "wrong-token", uniquePrefix("badtoken"));
    try {
      assertUnavailable(await settle(() => store.get("sessions:x")), "get with a wrong token");
    } finally {
      await shim.close();
    }
  });
});

describe(
  "stores when Redis stops and comes back",
  { skip: redis === null ? "no Redis available" : (noPrivateRedis ?? false) },
  () => {
    let server: PrivateRedis;
    before(async () => {
      server = await startPrivateRedis({ persistent: true });
    });
    after(async () => {
      await server?.dispose();
    });

    for (const kind of DRIVERS) {
      it(`${kind}: stopped -> StoreUnavailableError within ${FAIL_FAST_MS} ms; restarted -> the same store instance works again`, async () => {
        const h = await driverHarness(kind, server.url, `outage-${kind}`);
        try {
          const store = h.store();
          await store.set("sessions:kept", { alive: true });
          await store.setAdd("organizer-sessions:o1", "kept");

          await server.stop();
          assertUnavailable(await settle(() => store.get("sessions:kept")), "get while stopped");
          assertUnavailable(await settle(() => store.ping()), "ping while stopped");
          assertUnavailable(
            await settle(() => store.replace("sessions:kept", { alive: false })),
            "replace while stopped",
          );
          // Still failing fast after a while of reconnect attempts (no growing backoff past the bound).
          await new Promise((r) => setTimeout(r, 2_500));
          assertUnavailable(await settle(() => store.get("sessions:kept")), "get after 2.5 s down");

          await server.start();
          // Recovery without recreating the store: poll until the reconnect happens (bounded), then check data.
          const deadline = Date.now() + 10_000;
          let value: unknown;
          for (;;) {
            try {
              value = await store.get("sessions:kept");
              break;
            } catch (error) {
              assert.ok(error instanceof StoreUnavailableError);
              if (Date.now() > deadline) throw error;
              await new Promise((r) => setTimeout(r, 100));
            }
          }
          assert.deepEqual(
            value,
            { alive: true },
            "data written before the outage is intact (the failed replace did not land)",
          );
          assert.deepEqual(await store.setMembers("organizer-sessions:o1"), ["kept"]);
          await store.ping();
        } finally {
          if (!server.running) await server.start();
          await h.dispose();
        }
      });

      it(`${kind}: a hung server (accepts, never answers) -> StoreUnavailableError within ${FAIL_FAST_MS} ms`, async () => {
        const h = await driverHarness(kind, server.url, `hung-${kind}`);
        try {
          const store = h.store();
          await store.set("sessions:hung", 1);
          server.pause();
          try {
            assertUnavailable(await settle(() => store.get("sessions:hung")), "get while hung");
            assertUnavailable(await settle(() => store.ping()), "ping while hung");
          } finally {
            server.resume();
          }
          const deadline = Date.now() + 10_000;
          for (;;) {
            try {
              assert.equal(await store.get("sessions:hung"), 1);
              break;
            } catch (error) {
              assert.ok(error instanceof StoreUnavailableError);
              if (Date.now() > deadline) throw error;
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        } finally {
          await h.dispose();
        }
      });
    }

    it("uses explicit timeouts of about a second", () => {
      assert.ok(REDIS_TIMEOUT_MS > 0 && REDIS_TIMEOUT_MS <= 1_000);
    });
  },
);
