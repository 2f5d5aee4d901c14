import { after, describe } from "node:test";
import { redisForTests, uniquePrefix } from "../../support/redis";
import { DRIVERS, driverHarness, type DriverHarness } from "../support/redis-stores";
import { defineCheckSuite } from "./check-suite";
import { defineCohostSuite } from "./cohosts-suite";
import { loadLegacyInto } from "./legacy-fixture";
import { defineMigrationSuite } from "./migration-suite";
import { defineRulesSuite } from "./rules-suite";

// The consistency check, the migration of the legacy fixture (loaded into Redis key by key, as the old code
// laid it out) and the data rules, on a real Redis through both production drivers. Each test gets its own
// key prefix, deleted afterwards.
const redis = await redisForTests("test/data/data.redis.test.ts");

if (redis) {
  for (const kind of DRIVERS) {
    let harness: DriverHarness | undefined;
    after(async () => {
      await harness?.dispose();
    });
    const makeStore = async () => {
      harness ??= await driverHarness(kind, redis.url, `data-${kind}`);
      return harness.store(uniquePrefix(`data-${kind}`));
    };
    defineCheckSuite(`the ${kind} store`, makeStore);
    defineRulesSuite(`the ${kind} store`, makeStore);
    defineCohostSuite(`the ${kind} store`, makeStore);
    defineMigrationSuite(`the ${kind} store (the fixture loaded key by key)`, async () => {
      const store = await makeStore();
      await loadLegacyInto(store);
      return store;
    });
  }
} else {
  describe("data check, migration and rules (redis, upstash)", { skip: "no Redis available" }, () => {});
}
