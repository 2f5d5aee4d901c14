import { describe } from "node:test";
import { createRedisStore, createUpstashStore } from "../../lib/storage/redis-store";
import { freePort, redisClient, redisForTests, uniquePrefix } from "../../support/redis";
import { DRIVERS, driverHarness } from "../support/redis-stores";
import { defineCommitSuite } from "./commit-suite";

// The commit contract on a real Redis: through ioredis (REDIS_URL) and through @upstash/redis over the REST
// shim (Upstash), one prefix per test.
const redis = await redisForTests("test/storage/commit.redis.test.ts");

if (redis) {
  for (const kind of DRIVERS) {
    defineCommitSuite(
      kind,
      async () => {
        const h = await driverHarness(kind, redis.url, `commit-${kind}`);
        const native = redisClient(redis.url);
        return {
          store: h.store(),
          second: () => h.store(),
          snapshotReads: true,
          async ttlMs(key) {
            const ms = await native.pttl(`${h.prefix}:${key}`);
            return ms < 0 ? null : ms;
          },
          async cleanup() {
            native.disconnect();
            await h.dispose();
          },
        };
      },
      {
        // Nothing listens on the port: connection refused, as with Redis (or the Upstash endpoint) down.
        unreachable: async () => {
          const port = await freePort();
          return kind === "redis"
            ? createRedisStore(`redis://127.0.0.1:${port}`, uniquePrefix("down"))
            : createUpstashStore(`http://127.0.0.1:${port}`, "token", uniquePrefix("down"));
        },
      },
    );
  }
} else {
  describe("store commit (redis, upstash)", { skip: "no Redis available" }, () => {});
}
