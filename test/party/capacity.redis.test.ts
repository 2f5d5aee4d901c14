import { after, describe } from "node:test";
import { redisForTests, uniquePrefix } from "../../support/redis";
import { DRIVERS, driverHarness, type DriverHarness } from "../support/redis-stores";
import { defineCapacitySuite } from "./capacity-suite";

// Capacity under concurrent answers on a real Redis, through both production drivers (ioredis and
// @upstash/redis via the REST shim), each test under its own key prefix, deleted afterwards.
const redis = await redisForTests("test/party/capacity.redis.test.ts");

if (redis) {
  for (const kind of DRIVERS) {
    let harness: DriverHarness | undefined;
    after(async () => {
      await harness?.dispose();
    });
    defineCapacitySuite(`the ${kind} store`, async () => {
      harness ??= await driverHarness(kind, redis.url, `capacity-${kind}`);
      return harness.store(uniquePrefix(`capacity-${kind}`));
    });
  }
} else {
  describe("capacity (redis, upstash)", { skip: "no Redis available" }, () => {});
}
