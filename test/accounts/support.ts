import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFsStore } from "../../lib/storage/fs-store";
import { createMemoryStore } from "../../lib/storage/memory-store";
import type { AppStore } from "../../lib/storage/types";

/** A store for one test, and how to throw it away. Suites take a factory so every backend runs the same test. */
export interface StoreHandle {
  store: AppStore;
  dataDir?: string;
  cleanup(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreHandle>;

export const memoryStoreFactory: StoreFactory = async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
};

export const fsStoreFactory: StoreFactory = async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hpp-accounts-"));
  const store = createFsStore(dataDir);
  return {
    store,
    dataDir,
    async cleanup() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 11, 1, 12, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export const MINUTE = 60 * 1000;
