import { getConfig } from "../config";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { AppStore } from "../storage/types";
import type { SessionMaintenance } from "./maintenance";

export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
let started = false;

/**
 * Prunes expired session files unless a sweep ran less than SWEEP_INTERVAL_MS ago in any process sharing
 * DATA_DIR (a marker file's mtime says when), and, given the store, the temp files killed writes left
 * (store.sweepLeftovers). Returns what it removed, or null when it was not due.
 */
export async function sweepIfDue(
  manager: Pick<SessionMaintenance, "pruneExpired">,
  dataDir: string,
  now = Date.now(),
  store?: Pick<AppStore, "sweepLeftovers">,
): Promise<{ checked: number; removed: number; leftovers?: number } | null> {
  const marker = path.join(dataDir, ".last-sweep");
  const stat = await fsp.stat(marker).catch(() => null);
  if (stat && now - stat.mtimeMs < SWEEP_INTERVAL_MS) return null;
  await fsp.mkdir(dataDir, { recursive: true });
  await fsp.writeFile(marker, new Date(now).toISOString());
  const at = new Date(now);
  await fsp.utimes(marker, at, at);
  const pruned = await manager.pruneExpired();
  if (!store?.sweepLeftovers) return pruned;
  return { ...pruned, leftovers: await store.sweepLeftovers() };
}

/**
 * The fs store has no native TTL, so expired session files are removed here, off the request path: a timer
 * that does not keep the process alive, at most once an hour across processes. Redis expires keys itself.
 * The same run sweeps the temp files of killed writes (the fs store also does that when a process opens it).
 */
export function startBackgroundSweep(
  manager: Pick<SessionMaintenance, "pruneExpired">,
  dataDir: string,
  store?: AppStore,
): void {
  if (started || !getConfig().sessionSweep) return;
  started = true;
  const run = async () => {
    try {
      const result = await sweepIfDue(manager, dataDir, Date.now(), store);
      if (result && result.removed > 0) {
        console.info(`[session] sweep removed ${result.removed} expired of ${result.checked} sessions`);
      }
      if (result?.leftovers) console.info(`[store] sweep removed ${result.leftovers} temp file(s) of killed writes`);
    } catch (error) {
      console.error(`[session] sweep failed: ${(error as Error).message}`);
    }
  };
  setTimeout(run, 5_000).unref();
  setInterval(run, SWEEP_INTERVAL_MS).unref();
}
