import { randomBytes } from "node:crypto";
import { createRedisStore, createUpstashStore } from "../../lib/storage/redis-store";
import type { AppStore } from "../../lib/storage/types";
import { deleteKeysWithPrefix, uniquePrefix } from "../../support/redis";
import { startUpstashShim, type UpstashShim } from "../../support/upstash-shim";

/**
 * The two production drivers built the way lib/storage builds them, over a given Redis: "redis" talks to it
 * directly (ioredis), "upstash" through the REST shim (@upstash/redis over HTTP).
 */
export type DriverKind = "redis" | "upstash";
export const DRIVERS: readonly DriverKind[] = ["redis", "upstash"];

export interface DriverHarness {
  readonly kind: DriverKind;
  /** A new store instance (its own connection) on this run's prefix, or on the given one. */
  store(prefix?: string): AppStore;
  /** The prefix this harness's stores use by default. */
  readonly prefix: string;
  readonly redisUrl: string;
  /** Closes every store made here, the shim, and deletes every key under the prefixes used. */
  dispose(): Promise<void>;
}

export async function driverHarness(kind: DriverKind, redisUrl: string, label: string): Promise<DriverHarness> {
  const prefix = uniquePrefix(label);
  const prefixes = new Set([prefix]);
  const stores: AppStore[] = [];
  let shim: UpstashShim | undefined;
  const token = randomBytes(16).toString("hex");
  if (kind === "upstash") shim = await startUpstashShim({ redisUrl, token });
  return {
    kind,
    prefix,
    redisUrl,
    store(p = prefix) {
      prefixes.add(p);
      const store = kind === "redis" ? createRedisStore(redisUrl, p) : createUpstashStore(shim!.url, token, p);
      stores.push(store);
      return store;
    },
    async dispose() {
      await Promise.all(stores.map((s) => s.close()));
      await shim?.close();
      for (const p of prefixes) await deleteKeysWithPrefix(redisUrl, p).catch(() => undefined);
    },
  };
}

/** Runs fn and reports how long it took and what it threw, for "fails fast, with the right error" checks. */
export async function settle<T>(fn: () => Promise<T>): Promise<{ ms: number; error: unknown; value?: T }> {
  const started = Date.now();
  try {
    const value = await fn();
    return { ms: Date.now() - started, error: undefined, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}
