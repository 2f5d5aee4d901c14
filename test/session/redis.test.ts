import { after, describe } from "node:test";
import { createRedisStore } from "../../lib/storage/redis-store";
import { deleteKeysWithPrefix, redisForTests, uniquePrefix } from "../../support/redis";
import { defineNativeTtlCases } from "./redis-native-ttl";
import { defineSessionSuite } from "./session-suite";

// The shared session-layer cases against the ioredis driver (REDIS_URL in production), one prefix per test.
const redis = await redisForTests("test/session/redis.test.ts");

if (redis) {
  const used = new Set<string>();
  after(async () => {
    for (const prefix of used) await deleteKeysWithPrefix(redis.url, prefix);
  });
  defineSessionSuite("redis", async () => {
    const prefix = uniquePrefix("sess-redis");
    used.add(prefix);
    const store = createRedisStore(redis.url, prefix);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await deleteKeysWithPrefix(redis.url, prefix);
      },
    };
  });
  defineNativeTtlCases("redis", redis.url);
} else {
  describe("session manager (redis)", { skip: "no Redis available" }, () => {});
}
