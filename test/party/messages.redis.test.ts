import { after, describe } from "node:test";
import { redisForTests, uniquePrefix } from "../../support/redis";
import { DRIVERS, driverHarness, type DriverHarness } from "../support/redis-stores";
import { defineMessagesSuite } from "./messages-suite";

// Announcements, the comment cap under concurrency and the event's cleanup on a real Redis, through both
// production drivers (ioredis and @upstash/redis via the REST shim), each test under its own key prefix.
const redis = await redisForTests("test/party/messages.redis.test.ts");

if (redis) {
  for (const kind of DRIVERS) {
    let harness: DriverHarness | undefined;
    after(async () => {
      await harness?.dispose();
    });
    const prefixes = new WeakMap<object, string>();
    defineMessagesSuite(
      `the ${kind} store`,
      async () => {
        harness ??= await driverHarness(kind, redis.url, `messages-${kind}`);
        const prefix = uniquePrefix(`messages-${kind}`);
        const store = harness.store(prefix);
        prefixes.set(store, prefix);
        return store;
      },
      // A second client (its own connection) on the same key prefix: a second instance.
      (store) => harness!.store(prefixes.get(store)),
    );
  }
} else {
  describe("announcements and guest comments (redis, upstash)", { skip: "no Redis available" }, () => {});
}
