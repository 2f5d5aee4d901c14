import "server-only";
import { getConfig, type AppConfig } from "../config";
import { createFsStore } from "./fs-store";
import { createMemoryStore } from "./memory-store";
import { createRedisStore, createUpstashStore } from "./redis-store";
import type { AppStore } from "./types";

export type { AppStore, StoreKind } from "./types";
export type { CommitGuard, CommitRequest, CommitResult, CommitWrite, IndexEntry } from "./types";
export { createMemoryStore };
export { lockName } from "./lock-names";

export function createStore(config: Pick<AppConfig, "store" | "keyPrefix">): AppStore {
  const { store } = config;
  switch (store.kind) {
    case "fs":
      return createFsStore(store.dataDir);
    case "redis":
      return createRedisStore(store.url, config.keyPrefix);
    case "upstash":
      return createUpstashStore(store.url, store.token, config.keyPrefix);
  }
}

// Kept on globalThis so that Next's dev-mode module reloading does not open a new Redis connection per edit.
const holder = globalThis as typeof globalThis & { __hppStore?: AppStore };

/** The store the environment selects, created once per process. */
export function getStore(): AppStore {
  if (!holder.__hppStore) {
    // Not logged here: lib/startup.ts logs the store once per server start, the CLIs print their own line.
    holder.__hppStore = createStore(getConfig());
  }
  return holder.__hppStore;
}

/** Tests and CLIs: replace the process-wide store (for example with a memory store). */
export function setStoreForTests(store: AppStore | undefined): void {
  holder.__hppStore = store;
}
