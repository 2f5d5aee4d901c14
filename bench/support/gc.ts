import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * V8's gc() for the bench's own process, for timing loops of sub-millisecond operations: a collection that
 * starts inside a timed call (triggered by whatever allocated last, often the bench's own bookkeeping) adds
 * its pause to that one sample, and at p99 a few such pauses decide the figure. Collecting between timed
 * calls keeps each sample to the operation's own work; the collections themselves are not timed.
 */
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as (options?: { type: "minor" | "major" }) => void;

/** A scavenge of the young generation: tens of microseconds. */
export function collectYoung(): void {
  gc({ type: "minor" });
}

/** A full collection: tens of milliseconds with a large heap. */
export function collectAll(): void {
  gc({ type: "major" });
}
