// Child process for the crash tests (test/storage/fs-crash.test.ts, fs-locks.test.ts, redis-locks.test.ts): it
// does one thing in a loop or holds something forever, says so on stdout, and waits for the parent's kill -9.
//
//   commit-loop <dataDir>          multi-key commits forever (see commitGeneration), "acked <gen>" after each
//   hold-lock <dataDir> <name>     takes an fs lock, prints "held", never lets go
//   write-loop <dataDir>           rewrites large values forever (killed mid-write, it leaves temp files)
//   redis-hold-lock <url> <prefix> <name>   takes a Redis lock, prints "held", never lets go
//   upstash-hold-lock <restUrl> <token> <prefix> <name>   the same through the Upstash store
import { createFsStore } from "../../lib/storage/fs-store";
import { createRedisStore, createUpstashStore } from "../../lib/storage/redis-store";
import type { AppStore } from "../../lib/storage/types";
import { commitGeneration, MOVERS } from "./crash-state";

async function commitLoop(dir: string): Promise<void> {
  const store = createFsStore(dir);
  let gen = ((await store.get("crash:meta")) as { version: number }).version;
  const where = (await store.getMany(Array.from({ length: MOVERS }, (_, m) => `crash-where:m${m}`))).map(
    (v) => (v as { in: "a" | "b" }).in,
  );
  process.stdout.write(`ready ${gen}\n`);
  for (;;) {
    gen += 1;
    const result = await store.commit(commitGeneration(gen, where));
    if (!result.ok) {
      process.stderr.write(`conflict at generation ${gen}: ${JSON.stringify(result.conflict)}\n`);
      process.exit(2);
    }
    process.stdout.write(`acked ${gen}\n`);
  }
}

async function holdLock(store: AppStore, name: string): Promise<void> {
  await store.withLock(name, async () => {
    process.stdout.write("held\n");
    await new Promise(() => setInterval(() => undefined, 60_000)); // until killed
  });
}

async function writeLoop(dir: string): Promise<void> {
  const store = createFsStore(dir);
  const big = "y".repeat(4 * 1024 * 1024);
  process.stdout.write("ready\n");
  for (let i = 0; ; i++) {
    // Concurrent writes, so that a kill finds several temp files mid-write.
    await Promise.all([0, 1, 2, 3].map((k) => store.set(`blobs:b${k}`, { i, big })));
  }
}

const [mode, ...args] = process.argv.slice(2);
switch (mode) {
  case "commit-loop":
    await commitLoop(args[0]!);
    break;
  case "hold-lock":
    await holdLock(createFsStore(args[0]!), args[1]!);
    break;
  case "write-loop":
    await writeLoop(args[0]!);
    break;
  case "redis-hold-lock":
    await holdLock(createRedisStore(args[0]!, args[1]!), args[2]!);
    break;
  case "upstash-hold-lock":
    await holdLock(createUpstashStore(args[0]!, args[1]!, args[2]!), args[3]!);
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
