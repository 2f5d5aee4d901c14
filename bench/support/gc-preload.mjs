// Loaded with --import into the next-server of bench section 6 (plain JavaScript: the server does not run tsx).
// On SIGUSR2 it runs a full garbage collection and then writes the process's memory figures to
// `${BENCH_GC_FILE}.${pid}`: RSS read at a moment chosen by the GC's own timing says more about when V8 last
// collected than about what the server keeps, and a leak is what survives a full collection.
import { renameSync, writeFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const file = process.env.BENCH_GC_FILE;
if (file) {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");
  let seq = 0;
  process.on("SIGUSR2", () => {
    seq += 1;
    const mine = seq;
    gc();
    gc();
    // The sweeper threads hand pages back to the OS shortly after the collection itself.
    setTimeout(() => {
      const usage = process.memoryUsage();
      const target = `${file}.${process.pid}`;
      writeFileSync(`${target}.tmp`, JSON.stringify({ seq: mine, ...usage }));
      renameSync(`${target}.tmp`, target);
    }, 300).unref();
  });
}
