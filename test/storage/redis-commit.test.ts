import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { createRedisStore, createUpstashStore } from "../../lib/storage/redis-store";
import { COMMIT_SCRIPT, READ_INDEX_SCRIPT } from "../../lib/storage/redis-scripts";
import { StoreUnavailableError } from "../../lib/errors";
import { type AppStore } from "../../lib/storage/types";
import {
  commandStats,
  keysWithPrefix,
  privateRedisUnavailable,
  redisClient,
  redisForTests,
  resetCommandStats,
  startPrivateRedis,
  uniquePrefix,
  type PrivateRedis,
} from "../../support/redis";
import { DRIVERS, driverHarness } from "../support/redis-stores";
import { startUpstashShim, type UpstashShim } from "../../support/upstash-shim";

// How the Redis and Upstash stores commit: one Lua script per commit by SHA with an EVAL fallback, one round
// trip for readIndex and getMany, nothing half-written when a write would fail, and ioredis's auto-pipelining.
// Cases that watch or flush a whole server get a private redis-server of their own.

const redis = await redisForTests("test/storage/redis-commit.test.ts");
const noPrivateRedis = privateRedisUnavailable("test/storage/redis-commit.test.ts");

/** The commands clients send (MONITOR), without the ones scripts run inside Redis: [name, first arg]. */
async function watchClientCommands(url: string): Promise<{ stop(): Promise<[string, string | undefined][]> }> {
  const client = redisClient(url);
  const monitor = await client.monitor();
  const commands: [string, string | undefined][] = [];
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (source !== "lua") commands.push([args[0]!.toLowerCase(), args[1]]);
  });
  return {
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 200)); // MONITOR trails the replies a little
      monitor.disconnect();
      client.disconnect();
      return commands;
    },
  };
}

describe(
  "Redis commits on a server of their own",
  { skip: redis === null ? "no Redis available" : (noPrivateRedis ?? false) },
  () => {
    let server: PrivateRedis;
    let shim: UpstashShim;
    const token = randomBytes(16).toString("hex");
    before(async () => {
      server = await startPrivateRedis();
      shim = await startUpstashShim({ redisUrl: server.url, token });
    });
    after(async () => {
      await shim?.close();
      await server?.dispose();
    });
    const makeStore = (kind: "redis" | "upstash", prefix: string): AppStore =>
      kind === "redis" ? createRedisStore(server.url, prefix) : createUpstashStore(shim.url, token, prefix);

    for (const kind of DRIVERS) {
      it(`${kind}: a commit is one EVALSHA; readIndex one EVALSHA; getMany one MGET; nothing else`, async () => {
        const store = makeStore(kind, uniquePrefix(`one-${kind}`));
        try {
          await store.commit({ writes: [{ op: "set", key: "warm:up", value: { version: 1 } }] }); // loads the script
          await store.readIndex("warm-index:x", "warm");
          const watch = await watchClientCommands(server.url);
          const result = await store.commit({
            guards: [{ kind: "absent", key: "things:a" }],
            writes: [
              { op: "set", key: "things:a", value: { version: 1 }, ttlSeconds: 60 },
              { op: "set", key: "things:b", value: { version: 1 } },
              { op: "setAdd", key: "thing-index:all", member: "a" },
              { op: "setAdd", key: "thing-index:all", member: "b" },
            ],
          });
          assert.deepEqual(result, { ok: true });
          const entries = await store.readIndex("thing-index:all", "things");
          const values = await store.getMany(["things:a", "things:b", "things:none"]);
          const commands = await watch.stop();
          assert.equal(entries.length, 2);
          assert.deepEqual(values, [{ version: 1 }, { version: 1 }, null]);
          const named = commands.map(([name, sha]) =>
            name === "evalsha"
              ? `evalsha:${sha === COMMIT_SCRIPT.sha ? "commit" : sha === READ_INDEX_SCRIPT.sha ? "readIndex" : sha}`
              : name,
          );
          assert.deepEqual(named, ["evalsha:commit", "evalsha:readIndex", "mget"]);
        } finally {
          await store.close();
        }
      });

      it(`${kind}: falls back to EVAL when Redis has forgotten the scripts (SCRIPT FLUSH), then uses EVALSHA again`, async () => {
        const prefix = uniquePrefix(`noscript-${kind}`);
        const store = makeStore(kind, prefix);
        const admin = redisClient(server.url);
        try {
          await admin.script("FLUSH");
          await resetCommandStats(server.url);
          assert.deepEqual(await store.commit({ writes: [{ op: "set", key: "things:a", value: { version: 1 } }] }), {
            ok: true,
          });
          let stats = await commandStats(server.url);
          assert.equal(stats.evalsha, 1, "tried by SHA first");
          assert.equal(stats.eval, 1, "then in full");
          for (let i = 2; i <= 4; i++) {
            await store.commit({
              guards: [{ kind: "version", key: "things:a", version: i - 1 }],
              writes: [{ op: "set", key: "things:a", value: { version: i } }],
            });
          }
          stats = await commandStats(server.url);
          assert.equal(stats.evalsha, 4);
          assert.equal(stats.eval, 1, "the script stays loaded");
          await admin.script("FLUSH");
          assert.deepEqual(await store.readIndex("idx:none", "things"), []);
          assert.deepEqual(
            await store.commit({
              guards: [{ kind: "version", key: "things:a", version: 4 }],
              writes: [{ op: "remove", key: "things:a" }],
            }),
            { ok: true },
          );
          assert.equal(await store.get("things:a"), null);
        } finally {
          admin.disconnect();
          await store.close();
        }
      });

      it(`${kind}: a set operation on a key holding a value is refused before any write (Lua cannot undo)`, async () => {
        const prefix = uniquePrefix(`wrongtype-${kind}`);
        const store = makeStore(kind, prefix);
        try {
          await store.set("things:plain", { version: 1 });
          const error = await store
            .commit({
              writes: [
                { op: "set", key: "things:a", value: { version: 1 } },
                { op: "setAdd", key: "things:plain", member: "x" },
              ],
            })
            .catch((e: unknown) => e);
          assert.ok(error instanceof Error && /holds a value of another type/.test(error.message), String(error));
          assert.ok(!(error instanceof StoreUnavailableError), "a data error is not an outage");
          assert.equal(await store.get("things:a"), null, "the write before it was not made");
          // A guard on a set key sees no value (as on fs and memory, where sets are not values).
          await store.setAdd("thing-index:s", "m");
          assert.deepEqual(await store.commit({ guards: [{ kind: "absent", key: "thing-index:s" }], writes: [] }), {
            ok: true,
          });
        } finally {
          await store.close();
        }
      });
    }
  },
);

describe("Upstash commits through the REST shim", { skip: redis === null ? "no Redis available" : false }, () => {
  it("carries EVALSHA/EVAL and their base64-encoded answers: unicode members and values, nulls, integers", async () => {
    const h = await driverHarness("upstash", redis!.url, "upstash-b64");
    try {
      const store = h.store();
      const value = { version: 1, text: 'Ünïcödé ✓ "q" \\ 🎉', empty: "" };
      const result = await store.commit({
        writes: [
          { op: "set", key: "things:u", value },
          { op: "setAdd", key: "thing-index:u", member: "u" },
          { op: "setAdd", key: "thing-index:u", member: "missing" },
          { op: "setAdd", key: "thing-index:u", member: "123" },
        ],
      });
      assert.deepEqual(result, { ok: true });
      const entries = (await store.readIndex("thing-index:u", "things")).sort((a, b) =>
        a.member.localeCompare(b.member),
      );
      assert.deepEqual(entries, [
        { member: "123", value: null },
        { member: "missing", value: null },
        { member: "u", value },
      ]);
      assert.deepEqual(await store.commit({ guards: [{ kind: "version", key: "things:u", version: 2 }], writes: [] }), {
        ok: false,
        conflict: { key: "things:u", kind: "version" },
      });
    } finally {
      await h.dispose();
    }
  });
});

describe("ioredis auto-pipelining", { skip: redis === null ? "no Redis available" : false }, () => {
  it("writes a page's concurrent reads to the socket as one pipeline, not one write per command", async () => {
    const prefix = uniquePrefix("pipeline");
    const store = createRedisStore(redis!.url, prefix);
    const port = Number(new URL(redis!.url).port || 6379);
    const original = Socket.prototype.write;
    let writes = 0;
    try {
      await store.commit({
        writes: Array.from({ length: 20 }, (_, i) => ({
          op: "set" as const,
          key: `things:t${i}`,
          value: { version: 1, i },
        })),
      });
      // Redis answers commands in order on one connection, so ioredis never waits for a reply before sending
      // the next command either way; what auto-pipelining changes is that the commands of one tick leave in
      // one write (one system call, one pipeline) instead of one write each.
      Socket.prototype.write = function (this: Socket, ...args: unknown[]) {
        if (this.remotePort === port) writes += 1;
        return (original as (...a: unknown[]) => boolean).apply(this, args);
      };
      const values = await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => store.get(`things:t${i}`)),
        store.getMany(["things:t1", "things:t2"]),
        store.readIndex("thing-index:none", "things"),
      ]);
      Socket.prototype.write = original;
      assert.deepEqual(values[3], { version: 1, i: 3 });
      assert.equal(writes, 1, `22 concurrent reads took ${writes} socket writes`);
    } finally {
      Socket.prototype.write = original;
      await store.close();
      const keys = await keysWithPrefix(redis!.url, prefix);
      if (keys.length > 0) {
        const cleanup = redisClient(redis!.url);
        await cleanup.unlink(...keys);
        cleanup.disconnect();
      }
    }
  });
});
