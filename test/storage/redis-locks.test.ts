import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createRedisStore, createUpstashStore, LOCK_TTL_MS } from "../../lib/storage/redis-store";
import { StoreBusyError, StoreUnavailableError } from "../../lib/errors";
import { type AppStore } from "../../lib/storage/types";
import { spawnCrashChild } from "../support/child-process";
import {
  deleteKeysWithPrefix,
  privateRedisUnavailable,
  redisClient,
  redisForTests,
  startPrivateRedis,
  uniquePrefix,
  type PrivateRedis,
} from "../../support/redis";
import { DRIVERS, settle } from "../support/redis-stores";
import { startUpstashShim, type UpstashShim } from "../../support/upstash-shim";

// Redis locks (issue 13, item 7): a token and a short expiry renewed while the holder runs, release by
// token; a dead holder's lock, or one set by a command that reached Redis after the client gave up, does not
// hold the next waiter for long; contention is StoreBusyError, never an outage.

const redis = await redisForTests("test/storage/redis-locks.test.ts");
const noPrivateRedis = privateRedisUnavailable("test/storage/redis-locks.test.ts");

describe("Redis locks on the shared server", { skip: redis === null ? "no Redis available" : false }, () => {
  const token = randomBytes(16).toString("hex");
  let shim: UpstashShim;
  const prefixes = new Set<string>();
  const stores: AppStore[] = [];
  before(async () => {
    shim = await startUpstashShim({ redisUrl: redis!.url, token });
  });
  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await shim?.close();
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis!.url, prefix);
  });
  const storeOf = (kind: "redis" | "upstash", prefix: string, lockWaitMs?: number): AppStore => {
    prefixes.add(prefix);
    const store =
      kind === "redis"
        ? createRedisStore(redis!.url, prefix, { lockWaitMs })
        : createUpstashStore(shim.url, token, prefix, { lockWaitMs });
    stores.push(store);
    return store;
  };

  for (const kind of DRIVERS) {
    it(`${kind}: contention past the waiter's patience is StoreBusyError, never StoreUnavailableError`, async () => {
      const prefix = uniquePrefix(`busy-${kind}`);
      const holder = storeOf(kind, prefix);
      const waiter = storeOf(kind, prefix, 300);
      let release!: () => void;
      const holding = holder.withLock(
        "organizer-sessions.o1",
        () => new Promise<void>((resolve) => (release = resolve)),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const result = await settle(() => waiter.withLock("organizer-sessions.o1", async () => "no"));
      assert.ok(result.error instanceof StoreBusyError, `got ${String(result.error)}`);
      assert.ok(!(result.error instanceof StoreUnavailableError));
      release();
      await holding;
      assert.equal(await waiter.withLock("organizer-sessions.o1", async () => "mine"), "mine");
      await assert.rejects(
        waiter.withLock("bad name", async () => "no"),
        /Invalid lock name/,
      );
    });

    it(`${kind}: a live holder keeps its lock past the ${LOCK_TTL_MS} ms expiry (renewed while it works)`, async () => {
      const prefix = uniquePrefix(`renew-${kind}`);
      const holder = storeOf(kind, prefix);
      const waiter = storeOf(kind, prefix, LOCK_TTL_MS + 1_000);
      const native = redisClient(redis!.url);
      try {
        let pttl = 0;
        const holding = holder.withLock("event.e1", async () => {
          await new Promise((resolve) => setTimeout(resolve, LOCK_TTL_MS + 1_500));
          pttl = await native.pttl(`${prefix}:_locks:event.e1`);
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const result = await settle(() => waiter.withLock("event.e1", async () => "stolen"));
        assert.ok(
          result.error instanceof StoreBusyError,
          `the waiter got in while the holder still worked: ${String(result.value ?? result.error)}`,
        );
        await holding;
        assert.ok(pttl > 0 && pttl <= LOCK_TTL_MS, `the lock's expiry while held: ${pttl} ms`);
      } finally {
        native.disconnect();
      }
    });

    it(`${kind}: the lock of a holder killed with kill -9 frees itself within its short expiry`, async () => {
      const prefix = uniquePrefix(`killed-${kind}`);
      prefixes.add(prefix);
      const child = spawnCrashChild(
        kind === "redis"
          ? ["redis-hold-lock", redis!.url, prefix, "organizer.o1"]
          : ["upstash-hold-lock", shim.url, token, prefix, "organizer.o1"],
      );
      await child.waitFor(/^held$/m);
      await child.kill();
      const waiter = storeOf(kind, prefix);
      const started = Date.now();
      assert.equal(await waiter.withLock("organizer.o1", async () => "taken"), "taken");
      const ms = Date.now() - started;
      // A login behind it waits at most the short expiry (3 s), well inside a waiter's patience (10 s).
      assert.ok(ms < 4_000, `the waiter needed ${ms} ms after the holder died`);
    });
  }
});

describe(
  "Redis locks after a hang",
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

    for (const kind of DRIVERS) {
      it(`${kind}: a lock taken by a SET that reached Redis after the client timed out does not hold the next login`, async () => {
        const prefix = uniquePrefix(`late-${kind}`);
        const make = () =>
          kind === "redis" ? createRedisStore(server.url, prefix) : createUpstashStore(shim.url, token, prefix);
        const first = make();
        const second = make();
        try {
          await first.ping();
          await second.ping();
          server.pause(); // hung: the SET is sent, the client gives up after a second, Redis runs it on resume
          const failed = await settle(() => first.withLock("organizer-sessions.o1", async () => "no"));
          assert.ok(
            failed.error instanceof StoreUnavailableError,
            `a hung Redis is an outage: ${String(failed.error)}`,
          );
          server.resume();
          const started = Date.now();
          const next = await settle(() => second.withLock("organizer-sessions.o1", async () => "logged in"));
          const ms = Date.now() - started;
          assert.equal(next.value, "logged in", String(next.error));
          assert.ok(ms < 1_500, `the first login after the hang waited ${ms} ms for a lock nobody held`);
        } finally {
          server.resume();
          await Promise.all([first.close(), second.close()]);
        }
      });
    }
  },
);
