import { after, describe } from "node:test";
import { redisForTests, uniquePrefix } from "../../support/redis";
import { DRIVERS, driverHarness, type DriverHarness } from "../support/redis-stores";
import { definePlusOnesSuite } from "./plus-ones-suite";

// Plus-ones in capacity under concurrent answers on a real Redis, through both production drivers (ioredis and
// @upstash/redis via the REST shim), each test under its own key prefix, deleted afterwards.
const redis = await redisForTests("test/party/plus-ones.redis.test.ts");

if (redis) {
  for (const kind of DRIVERS) {
    let harness: DriverHarness | undefined;
    after(async () => {
      await harness?.dispose();
    });
    definePlusOnesSuite(`the ${kind} store`, async () => {
      harness ??= await driverHarness(kind, redis.url, `plus-ones-${kind}`);
      return harness.store(uniquePrefix(`plus-ones-${kind}`));
    });
  }
} else {
  describe("plus-ones (redis, upstash)", { skip: "no Redis available" }, () => {});
}
