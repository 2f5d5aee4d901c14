import type { AppStore } from "../../lib/storage/types";
import type { Clock } from "../../lib/session/clock";

/** A clock the tests move by hand, so expiry and renewal are checked without waiting or timing. */
export class FakeClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 11, 1, 12, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface StoreCounts {
  /** set + replace + add calls: every call that may write a value. */
  writes: number;
  set: number;
  replace: number;
  add: number;
  remove: number;
  listKeys: number;
}

const COUNTED = ["set", "replace", "add", "remove", "listKeys"] as const;
type Counted = (typeof COUNTED)[number];

/**
 * Wraps a store and counts the calls that matter for the session layer's promises (writes per request,
 * no keyspace scans on request paths). Counting calls rather than timing keeps the tests deterministic.
 */
export function countingStore(inner: AppStore): { store: AppStore; counts: StoreCounts; reset(): void } {
  const counts: StoreCounts = { writes: 0, set: 0, replace: 0, add: 0, remove: 0, listKeys: 0 };
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if ((COUNTED as readonly string[]).includes(prop as string)) {
        const name = prop as Counted;
        return (...args: unknown[]) => {
          counts[name] += 1;
          if (name === "set" || name === "replace" || name === "add") counts.writes += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return {
    store,
    counts,
    reset() {
      for (const key of Object.keys(counts) as (keyof StoreCounts)[]) counts[key] = 0;
    },
  };
}
