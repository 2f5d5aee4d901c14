// A queue worker in its own process, for the kill -9 test (queue-crash.test.ts). Usage:
//   queue-crash-child.ts <fs dir | redis url> <prefix> <outbox dir> <clock offset ms>
// It sends what is due into <outbox dir>/outbox, printing "delivered <key>" after each delivery (and pausing
// briefly, so a kill lands in the middle of the run), then "done <sent>".
import { processMailQueue } from "../../lib/mail/queue";
import { outboxTransport } from "../../lib/mail/delivery";
import { createFsStore } from "../../lib/storage/fs-store";
import { createRedisStore } from "../../lib/storage/redis-store";
import { makeData } from "../party/support";
import { workerOptions } from "./support";

const [where, prefix, outboxDir, offset] = process.argv.slice(2);
const store = where!.startsWith("redis") ? createRedisStore(where!, prefix!) : createFsStore(where!);
const data = makeData(store);
const outbox = outboxTransport(outboxDir!);
const report = await processMailQueue(
  workerOptions(
    data,
    {
      kind: "outbox",
      async deliver(key, envelope, mime) {
        await outbox.deliver(key, envelope, mime);
        process.stdout.write(`delivered ${key}\n`);
        await new Promise((resolve) => setTimeout(resolve, 15));
      },
    },
    { now: () => Date.now() + Number(offset), leaseMs: 30_000 },
  ),
);
process.stdout.write(`done ${report.sent}\n`);
await store.close();
