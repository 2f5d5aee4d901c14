import type { AppStore, StoredEntry } from "../storage/types";

/**
 * The data layer's only keyspace walks (a SCAN on Redis): `npm run data -- check | repair | migrate`, and the
 * one-time migration a start-up runs on a store of an older version. Never on an ordinary request path
 * (test/storage/no-scan-on-request-path.test.ts holds every caller to a maintenance name).
 */
export function maintenanceWalk(
  store: AppStore,
  namespace: string,
  visit: (entry: StoredEntry) => Promise<void> | void,
  options?: { concurrency?: number },
): Promise<number> {
  return store.forEachValue(namespace, visit, options);
}

export function maintenanceListKeys(store: AppStore, namespace: string): Promise<string[]> {
  return store.listKeys(namespace);
}
