import { promises as fsp } from "node:fs";
import path from "node:path";
import type { SessionManager } from "./manager";

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
let started = false;

/**
 * The fs store has no native TTL, so expired session files are removed here: at most once an hour across
 * every process sharing DATA_DIR (a marker file's mtime says when the last sweep ran), off the request path
 * (a timer that does not keep the process alive). Redis expires keys itself and needs none of this.
 */
export function startBackgroundSweep(manager: SessionManager, dataDir: string): void {
  if (started || process.env.SESSION_SWEEP === "off") return;
  started = true;
  const marker = path.join(dataDir, ".last-sweep");
  const run = async () => {
    try {
      const stat = await fsp.stat(marker).catch(() => null);
      if (stat && Date.now() - stat.mtimeMs < SWEEP_INTERVAL_MS) return;
      await fsp.mkdir(dataDir, { recursive: true });
      await fsp.writeFile(marker, new Date().toISOString());
      const { checked, removed } = await manager.pruneExpired();
      if (removed > 0) console.info(`[session] sweep removed ${removed} expired of ${checked} sessions`);
    } catch (error) {
      console.error(`[session] sweep failed: ${(error as Error).message}`);
    }
  };
  setTimeout(run, 5_000).unref();
  setInterval(run, SWEEP_INTERVAL_MS).unref();
}
