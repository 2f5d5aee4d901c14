import { promises as fsp } from "node:fs";
import path from "node:path";
import type { SessionManager } from "./manager";

export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
let started = false;

/**
 * Prunes expired session files unless a sweep ran less than SWEEP_INTERVAL_MS ago in any process sharing
 * DATA_DIR (a marker file's mtime says when). Returns what it removed, or null when it was not due.
 */
export async function sweepIfDue(
  manager: Pick<SessionManager, "pruneExpired">,
  dataDir: string,
  now = Date.now(),
): Promise<{ checked: number; removed: number } | null> {
  const marker = path.join(dataDir, ".last-sweep");
  const stat = await fsp.stat(marker).catch(() => null);
  if (stat && now - stat.mtimeMs < SWEEP_INTERVAL_MS) return null;
  await fsp.mkdir(dataDir, { recursive: true });
  await fsp.writeFile(marker, new Date(now).toISOString());
  const at = new Date(now);
  await fsp.utimes(marker, at, at);
  return manager.pruneExpired();
}

/**
 * The fs store has no native TTL, so expired session files are removed here, off the request path: a timer
 * that does not keep the process alive, at most once an hour across processes. Redis expires keys itself.
 */
export function startBackgroundSweep(manager: SessionManager, dataDir: string): void {
  if (started || process.env.SESSION_SWEEP === "off") return;
  started = true;
  const run = async () => {
    try {
      const result = await sweepIfDue(manager, dataDir);
      if (result && result.removed > 0) {
        console.info(`[session] sweep removed ${result.removed} expired of ${result.checked} sessions`);
      }
    } catch (error) {
      console.error(`[session] sweep failed: ${(error as Error).message}`);
    }
  };
  setTimeout(run, 5_000).unref();
  setInterval(run, SWEEP_INTERVAL_MS).unref();
}
