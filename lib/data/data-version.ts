import type { AppStore } from "../storage/types";
import { LOCKS } from "./locks";
import { migrateToV1, type MigrationReport } from "./migrate";

/**
 * The layout of the party data is versioned by one key. Version 0 (no key) is the layout before issue 14:
 * records without versions, answers under `rsvps:<event>:<person>`. Version 1 is the current one (see
 * README "Data model"). The app migrates an older store once at start (or `npm run data -- migrate` does),
 * and refuses a store written by a newer version.
 */
export const DATA_VERSION = 1;
export const DATA_VERSION_KEY = "meta:data-version";

export class DataVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataVersionError";
  }
}

export async function readDataVersion(store: AppStore): Promise<number> {
  const value = (await store.get(DATA_VERSION_KEY)) as { version?: unknown } | null;
  return typeof value?.version === "number" ? value.version : 0;
}

export interface EnsureOptions {
  log?: (line: string) => void;
}

/**
 * Brings the store to DATA_VERSION: nothing to do when it is there already (one read), a migration when it
 * is older (under the migration lock, so two instances starting at once migrate it once), a DataVersionError
 * when it is newer. Safe to call any number of times, and after a migration that died half-way.
 */
export async function ensureDataVersion(
  store: AppStore,
  options: EnsureOptions = {},
): Promise<{ from: number; report: MigrationReport | null }> {
  const log = options.log ?? ((line: string) => console.info(line));
  const found = await readDataVersion(store);
  if (found === DATA_VERSION) return { from: found, report: null };
  if (found > DATA_VERSION) {
    throw new DataVersionError(
      `The store holds party data version ${found}, written by a newer version of this app (this one understands ${DATA_VERSION}). ` +
        "Run the newer version, or restore a backup made for this one.",
    );
  }
  return store.withLock(LOCKS.migration, async () => {
    const again = await readDataVersion(store);
    if (again === DATA_VERSION) return { from: again, report: null };
    const report = await migrateToV1(store, log);
    await store.commit({
      writes: [{ op: "set", key: DATA_VERSION_KEY, value: { version: DATA_VERSION, migratedAt: Date.now() } }],
    });
    // A new, empty store is simply marked; only a store that held older data gets a line in the log.
    if (Object.values(report).some((n) => n > 0)) {
      log(
        `[data] migrated party data from version ${again} to ${DATA_VERSION} (${store.description}): ${describeReport(report)}`,
      );
    }
    return { from: again, report };
  });
}

export function describeReport(report: MigrationReport): string {
  const parts = Object.entries(report)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`);
  return parts.length > 0 ? parts.join(", ") : "nothing to change";
}

const holder = globalThis as typeof globalThis & { __hppDataReady?: WeakMap<AppStore, Promise<void>> };

/**
 * For the app's repositories: resolves once this process has seen the store at DATA_VERSION (migrating it if
 * needed). A failure (the store unreachable, a newer version) is not remembered: the next call tries again.
 */
export function dataReady(store: AppStore): Promise<void> {
  holder.__hppDataReady ??= new WeakMap();
  const known = holder.__hppDataReady.get(store);
  if (known) return known;
  const pending = ensureDataVersion(store).then(() => undefined);
  holder.__hppDataReady.set(store, pending);
  pending.catch(() => holder.__hppDataReady?.delete(store));
  return pending;
}
