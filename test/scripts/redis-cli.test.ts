import { createSessionToolkit } from "../support/session-toolkit";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseConfig } from "../../lib/config";
import { createOrganizerRepository } from "../../lib/data/organizers";
import { sessionKey } from "../../lib/session/manager";
import { generateSessionToken, hashSessionToken } from "../../lib/session/token";
import { createRedisStore } from "../../lib/storage/redis-store";
import type { AppStore } from "../../lib/storage/types";
import { deleteKeysWithPrefix, keysWithPrefix, redisClient, redisForTests, uniquePrefix } from "../../support/redis";
import { spawnUpstashShim, type ShimProcess } from "../../support/upstash-shim";
import { DAY_MS, FakeClock } from "../support/store-helpers";

// `npm run seed` and `npm run sessions -- ...` exactly as an operator runs them, against Redis (REDIS_URL)
// and Upstash (the REST shim), each run under its own STORE_KEY_PREFIX.

const PROJECT = path.resolve(import.meta.dirname, "../..");
const redis = await redisForTests("test/scripts/redis-cli.test.ts");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function npmRun(script: "seed" | "sessions", args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn("npm", ["run", "--silent", script, "--", ...args], {
      cwd: PROJECT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "development",
        SESSION_SECRET: "cli-redis-test-secret-0123456789-abcdefghijkl",
        SESSION_LOG: "off",
        // Empty (not absent): neither the developer's shell nor a .env file may point the CLI elsewhere.
        SESSION_STORE: "",
        REDIS_URL: "",
        UPSTASH_REDIS_REST_URL: "",
        UPSTASH_REDIS_REST_TOKEN: "",
        KV_REST_API_URL: "",
        KV_REST_API_TOKEN: "",
        VERCEL: "",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    proc.on("error", reject);
    proc.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run seed / sessions on Redis", { skip: redis === null ? "no Redis available" : false }, () => {
  const prefix = uniquePrefix("cli-redis");
  const foreignPrefix = uniquePrefix("cli-foreign");
  const unprefixedKey = uniquePrefix("cli-bare");
  const env = () => ({ REDIS_URL: redis!.url, STORE_KEY_PREFIX: prefix });
  let store: AppStore;
  const live: Array<{ token: string; id: string }> = [];
  let expiredId = "";
  let corruptId = "";

  before(async () => {
    store = createRedisStore(redis!.url, prefix);
    const client = redisClient(redis!.url);
    try {
      // Someone else's data in the same database: another app's prefix, and a key with no prefix at all.
      await client.set(`${foreignPrefix}:sessions:${"f".repeat(64)}`, '{"v":1}');
      await client.set(`${foreignPrefix}:organizers:x`, "{}");
      await client.set(unprefixedKey, "not ours");
    } finally {
      client.disconnect();
    }
  });

  after(async () => {
    await store?.close();
    for (const p of [prefix, foreignPrefix]) await deleteKeysWithPrefix(redis!.url, p);
    const client = redisClient(redis!.url);
    await client.del(unprefixedKey).finally(() => client.disconnect());
  });

  it("seed creates the demo organizers in Redis under the prefix, once", async () => {
    const first = await npmRun("seed", [], env());
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /created organizer john\.smith@example\.com/);
    assert.match(first.stdout, /\[seed\] store: redis \(/);
    const john = await createOrganizerRepository(store).findByEmail("john.smith@example.com");
    assert.equal(john?.firstName, "John");
    assert.equal(
      (await keysWithPrefix(redis!.url, prefix)).filter((k) => k.startsWith(`${prefix}:organizers:`)).length,
      2,
    );

    const second = await npmRun("seed", [], env());
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /created/);
    assert.match(second.stdout, /already there: john\.smith@example\.com/);
    assert.deepEqual(await createOrganizerRepository(store).findByEmail("john.smith@example.com"), john);
  });

  describe("sessions", () => {
    before(async () => {
      const organizers = createOrganizerRepository(store);
      const john = await organizers.findByEmail("john.smith@example.com");
      const jane = await organizers.findByEmail("jane.smith@example.com");
      assert.ok(john && jane, "seeded by the previous test");
      const policy = parseConfig({}, PROJECT).session;
      const now = createSessionToolkit({ store, policy });
      for (const [organizerId, rememberMe] of [
        [john.id, true],
        [john.id, false],
        [jane.id, true],
      ] as const) {
        const { token, session } = await now.createSession({ organizerId, rememberMe, userAgent: "CLI test" });
        live.push({ token, id: session.id });
      }
      await now.setFlash(live[0]!.id, "Welcome back, John!");
      // Expired by its own times while Redis still holds it (its TTL was computed from a clock 10 days back).
      const longAgo = createSessionToolkit({ store, policy, clock: new FakeClock(Date.now() - 10 * DAY_MS) });
      expiredId = (await longAgo.createSession({ organizerId: john.id, rememberMe: true })).session.id;
      corruptId = hashSessionToken(generateSessionToken());
      const client = redisClient(redis!.url);
      await client.set(`${prefix}:${sessionKey(corruptId)}`, '{"v":1,"id":').finally(() => client.disconnect());
    });

    it("stats counts live, expired and corrupt sessions and names the store without secrets", async () => {
      const run = await npmRun("sessions", ["stats"], env());
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /store:\s+redis \(/);
      assert.match(run.stdout, /live:\s+3\n/);
      assert.match(run.stdout, /expired:\s+1\n/, "no 'prune removes them' hint: Redis expires them itself");
      assert.match(run.stdout, /corrupt:\s+1\n/);
    });

    it("list prints the live sessions with the organizers' emails, never a token", async () => {
      const run = await npmRun("sessions", ["list"], env());
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /3 live session\(s\)/);
      assert.equal((run.stdout.match(/john\.smith@example\.com/g) ?? []).length, 2);
      assert.equal((run.stdout.match(/jane\.smith@example\.com/g) ?? []).length, 1);
      for (const s of live) {
        assert.ok(!run.stdout.includes(s.token), "no token");
        assert.ok(run.stdout.includes(s.id.slice(0, 8)), "short id shown");
        assert.ok(!run.stdout.includes(s.id), "never the full id");
      }
    });

    it("prune removes the expired and the corrupt record and keeps every live one", async () => {
      const run = await npmRun("sessions", ["prune"], env());
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /checked 5 session\(s\), removed 2/);
      const remaining = (await store.listKeys("sessions")).sort();
      assert.deepEqual(remaining, live.map((s) => sessionKey(s.id)).sort());
      assert.equal(await store.get(sessionKey(expiredId)), null);
      assert.equal(await store.get(sessionKey(corruptId)), null);
    });

    it("clear --yes removes this app's sessions and flashes only: organizers and foreign keys survive", async () => {
      const run = await npmRun("sessions", ["clear", "--yes"], env());
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /removed 3 session\(s\)/);
      const left = await keysWithPrefix(redis!.url, prefix);
      assert.deepEqual(
        left.filter((k) => /:(sessions|flash):/.test(k)),
        [],
      );
      assert.deepEqual(
        left.filter((k) => k.includes(":organizer-sessions:")),
        [],
        "the index sets are emptied too",
      );
      assert.equal(left.filter((k) => k.startsWith(`${prefix}:organizers:`)).length, 2, "organizers kept");
      for (const s of live)
        assert.equal(
          await createSessionToolkit({ store, policy: parseConfig({}, PROJECT).session }).validateSessionToken(s.token),
          null,
        );

      const client = redisClient(redis!.url);
      try {
        assert.equal(
          await client.get(`${foreignPrefix}:sessions:${"f".repeat(64)}`),
          '{"v":1}',
          "another app's session survives",
        );
        assert.equal(await client.get(`${foreignPrefix}:organizers:x`), "{}");
        assert.equal(await client.get(unprefixedKey), "not ours");
      } finally {
        client.disconnect();
      }
    });

    it("clear without --yes and without a terminal deletes nothing", async () => {
      const { session } = await createSessionToolkit({ store, policy: parseConfig({}, PROJECT).session }).createSession(
        {
          organizerId: "organizerCLI0001",
          rememberMe: true,
        },
      );
      const run = await npmRun("sessions", ["clear"], env());
      assert.equal(run.code, 1);
      assert.match(run.stdout, /Nothing deleted/);
      assert.ok(await store.get(sessionKey(session.id)));
    });
  });
});

describe("npm run sessions on Upstash", { skip: redis === null ? "no Redis available" : false }, () => {
  const prefix = uniquePrefix("cli-upstash");
  const token = randomBytes(16).toString("hex");
  let shim: ShimProcess;

  before(async () => {
    shim = await spawnUpstashShim({ redisUrl: redis!.url, token });
  });
  after(async () => {
    await shim?.stop();
    await deleteKeysWithPrefix(redis!.url, prefix);
  });

  it("seed, stats and clear work over the REST API, and the token is never printed", async () => {
    const env = { UPSTASH_REDIS_REST_URL: shim.url, UPSTASH_REDIS_REST_TOKEN: token, STORE_KEY_PREFIX: prefix };
    const seeded = await npmRun("seed", [], env);
    assert.equal(seeded.code, 0, seeded.stderr);
    assert.match(seeded.stdout, /store: upstash \(/);
    assert.equal((await keysWithPrefix(redis!.url, prefix)).filter((k) => k.includes(":organizers:")).length, 2);

    const store = createRedisStore(redis!.url, prefix);
    try {
      const john = await createOrganizerRepository(store).findByEmail("john.smith@example.com");
      assert.ok(john);
      await createSessionToolkit({ store, policy: parseConfig({}, PROJECT).session }).createSession({
        organizerId: john.id,
        rememberMe: true,
      });
    } finally {
      await store.close();
    }
    const stats = await npmRun("sessions", ["stats"], env);
    assert.equal(stats.code, 0, stats.stderr);
    assert.match(stats.stdout, /store:\s+upstash \(/);
    assert.match(stats.stdout, /live:\s+1\n/);
    const cleared = await npmRun("sessions", ["clear", "--yes"], env);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.match(cleared.stdout, /removed 1 session\(s\)/);
    for (const run of [seeded, stats, cleared]) assert.ok(!`${run.stdout}${run.stderr}`.includes(token));
  });
});
