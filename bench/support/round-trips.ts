import type { AppStore } from "../../lib/storage/types";

/**
 * A store wrapper that counts round trips: the times a caller had to wait on the store before it could go on.
 * A call that starts while no other call is in flight opens a new round trip; calls started while one is in
 * flight (a Promise.all, or reads issued in the same tick) join it. On Redis and Upstash those overlapping calls
 * leave in one socket write or one REST pipeline (both clients auto-pipeline what is issued in one tick), so one
 * round trip here is one network latency there; on fs they are reads in parallel. Store calls (commands) are
 * counted too, to tell a batched read from several.
 */
export interface RoundTripCounter {
  store: AppStore;
  /** Runs fn and returns its round trips and store calls (nothing else may use the store meanwhile). */
  count<T>(fn: () => Promise<T>): Promise<{ value: T; roundTrips: number; calls: number; methods: string[] }>;
}

const METHODS = [
  "get", "set", "replace", "add", "remove", "take", "incrementCounter", "getCounter", "setAdd", "setRemove",
  "setMembers", "getMany", "readIndex", "commit", "withLock", "listKeys", "forEachValue", "ping",
] as const;

export function countRoundTrips(inner: AppStore): RoundTripCounter {
  let inFlight = 0;
  let roundTrips = 0;
  let methods: string[] = [];
  const wrapped: Record<string, unknown> = {};
  for (const method of METHODS) {
    wrapped[method] = async (...args: unknown[]) => {
      if (inFlight === 0) roundTrips += 1;
      inFlight += 1;
      methods.push(method);
      try {
        return await (inner[method] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
      } finally {
        inFlight -= 1;
      }
    };
  }
  const store = Object.assign(Object.create(null), inner, wrapped, {
    kind: inner.kind,
    description: `counted ${inner.description}`,
    close: () => inner.close(),
  }) as AppStore;
  return {
    store,
    async count(fn) {
      roundTrips = 0;
      methods = [];
      const value = await fn();
      return { value, roundTrips, calls: methods.length, methods: [...methods] };
    },
  };
}
