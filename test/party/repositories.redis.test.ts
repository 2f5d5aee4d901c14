import { after, describe } from "node:test";
import { redisForTests, uniquePrefix } from "../../support/redis";
import { DRIVERS, driverHarness, type DriverHarness } from "../support/redis-stores";
import { definePartyRepositorySuite } from "./repository-suite";
import { defineSeedSuite } from "./seed-suite";

// The party repositories and the demo seed on a real Redis, through both production drivers: ioredis
// (REDIS_URL) and @upstash/redis over HTTP (via the REST shim). Each test gets its own key prefix, and every
// key under them is deleted afterwards: the shared server holds other people's data.
const redis = await redisForTests("test/party/repositories.redis.test.ts");

if (redis) {
  for (const kind of DRIVERS) {
    let harness: DriverHarness | undefined;
    after(async () => {
      await harness?.dispose();
    });
    const makeStore = async () => {
      harness ??= await driverHarness(kind, redis.url, `party-${kind}`);
      return harness.store(uniquePrefix(`party-${kind}`));
    };
    definePartyRepositorySuite(`the ${kind} store`, makeStore);
    defineSeedSuite(`the ${kind} store`, makeStore);
  }
} else {
  describe("party repositories (redis, upstash)", { skip: "no Redis available" }, () => {});
}
