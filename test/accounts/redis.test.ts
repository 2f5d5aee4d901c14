import { after, describe } from "node:test";
import { deleteKeysWithPrefix, redisForTests, uniquePrefix } from "../../support/redis";
import { DRIVERS, driverHarness, type DriverHarness } from "../support/redis-stores";
import { emailLinksSuite } from "./email-links.suite";
import { resetSuite } from "./reset-tokens.suite";
import { sessionControlSuite } from "./session-control.suite";
import { emailUniquenessSuite } from "./signup-race.suite";
import type { StoreFactory } from "./support";
import { throttleSuite } from "./throttle.suite";

// The accounts suites on the production drivers: ioredis on a real Redis, and @upstash/redis through the REST
// shim in front of it. Each test gets its own key prefix on the shared server, deleted afterwards.
const redis = await redisForTests("test/accounts/redis.test.ts");

if (redis) {
  const harnesses: DriverHarness[] = [];
  after(async () => {
    for (const h of harnesses) await h.dispose();
  });
  for (const kind of DRIVERS) {
    const harness = await driverHarness(kind, redis.url, `acc-${kind}`);
    harnesses.push(harness);
    const factory: StoreFactory = async () => {
      const prefix = uniquePrefix(`acc-${kind}`);
      const store = harness.store(prefix);
      return {
        store,
        cleanup: async () => {
          await deleteKeysWithPrefix(redis.url, prefix);
        },
      };
    };
    sessionControlSuite(`the ${kind} store`, factory);
    emailUniquenessSuite(`the ${kind} store`, factory);
    throttleSuite(`the ${kind} store`, factory);
    resetSuite(`the ${kind} store`, factory);
    emailLinksSuite(`the ${kind} store`, factory);
  }
} else {
  describe("accounts on Redis", { skip: "no Redis available" }, () => {});
}
