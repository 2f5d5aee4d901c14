import { after, describe } from "node:test";
import { redisForTests, uniquePrefix } from "../../support/redis";
import { DRIVERS, driverHarness, type DriverHarness } from "../support/redis-stores";
import { defineMailQueueSuite } from "./queue-suite";

// The mail queue on a real Redis through both production drivers; the "second instance" is a second client
// (its own connection) on the same key prefix.
const redis = await redisForTests("test/mail/queue.redis.test.ts");

if (redis) {
  for (const kind of DRIVERS) {
    let harness: DriverHarness | undefined;
    const prefixes = new WeakMap<object, string>();
    after(async () => {
      await harness?.dispose();
    });
    defineMailQueueSuite(
      `the ${kind} store`,
      async () => {
        harness ??= await driverHarness(kind, redis.url, `mail-${kind}`);
        const prefix = uniquePrefix(`mail-${kind}`);
        const store = harness.store(prefix);
        prefixes.set(store, prefix);
        return store;
      },
      (store) => harness!.store(prefixes.get(store)),
    );
  }
} else {
  describe("mail queue (redis, upstash)", { skip: "no Redis available" }, () => {});
}
