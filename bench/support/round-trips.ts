import type { AppStore } from "../../lib/storage/types";
import { interceptStore } from "../../support/intercept-store";

/**
 * A store wrapper that counts round trips: the longest chain of store calls that had to wait for one another.
 * Every call that starts after another call of the operation has ended is taken to depend on it (conservative:
 * it may not, but it did not go out together with it), so a call's depth is one more than the deepest call
 * ended before it started, and the operation's round trips are the deepest call's depth. Calls issued together
 * (a Promise.all, reads in the same tick) all have the same depth: on Redis and Upstash they leave in one socket
 * write or one REST pipeline (both clients auto-pipeline what is issued in one tick), so one round trip here is
 * one network latency there; on fs they are reads in parallel. Store calls (commands) are counted too, to tell
 * a batched read from several.
 */
export interface RoundTripCounter {
  store: AppStore;
  /** Runs fn and returns its round trips and store calls (nothing else may use the store meanwhile). */
  count<T>(fn: () => Promise<T>): Promise<{ value: T; roundTrips: number; calls: number; methods: string[] }>;
}

export function countRoundTrips(inner: AppStore): RoundTripCounter {
  let deepestEnded = 0;
  let roundTrips = 0;
  let methods: string[] = [];
  const store = interceptStore(inner, "counted", async (method, call) => {
    const depth = deepestEnded + 1;
    roundTrips = Math.max(roundTrips, depth);
    methods.push(method);
    try {
      return await call();
    } finally {
      deepestEnded = Math.max(deepestEnded, depth);
    }
  });
  return {
    store,
    async count(fn) {
      roundTrips = 0;
      deepestEnded = 0;
      methods = [];
      const value = await fn();
      return { value, roundTrips, calls: methods.length, methods: [...methods] };
    },
  };
}
