import { after, describe } from "node:test";
import { redisForTests, uniquePrefix } from "../support/redis";
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
    defineMessagesSuite(`the ${kind} store`, async () => {
      harness ??= await driverHarness(kind, redis.url, `messages-${kind}`);
      return harness.store(uniquePrefix(`messages-${kind}`));
    });
  }
} else {
  describe("announcements and guest comments (redis, upstash)", { skip: "no Redis available" }, () => {});
}
