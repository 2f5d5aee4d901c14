import { randomBytes } from "node:crypto";
import { after, describe } from "node:test";
import { createUpstashStore } from "../../lib/storage/redis-store";
import { deleteKeysWithPrefix, redisForTests, uniquePrefix } from "../../support/redis";
import { startUpstashShim, type UpstashShim } from "../../support/upstash-shim";
import { defineNativeTtlCases } from "./redis-native-ttl";
import { defineSessionSuite } from "./session-suite";

// The shared session-layer cases against the Upstash driver (@upstash/redis over HTTP, as on Vercel), through
// the REST shim in front of the same real Redis, one prefix per test.
const redis = await redisForTests("test/session/upstash.test.ts");

if (redis) {
  const token = randomBytes(16).toString("hex");
  let shim: UpstashShim | undefined;
  const used = new Set<string>();
  after(async () => {
    await shim?.close();
    for (const prefix of used) await deleteKeysWithPrefix(redis.url, prefix);
  });
  defineSessionSuite("upstash", async () => {
    shim ??= await startUpstashShim({ redisUrl: redis.url, token });
    const prefix = uniquePrefix("sess-upstash");
    used.add(prefix);
    const store = createUpstashStore(shim.url, token, prefix);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await deleteKeysWithPrefix(redis.url, prefix);
      },
    };
  });
  defineNativeTtlCases("upstash", redis.url);
} else {
  describe("session manager (upstash)", { skip: "no Redis available" }, () => {});
}
