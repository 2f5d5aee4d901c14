import "server-only";
import { getConfig } from "../config";
import { getStore } from "../storage";
import { createSessionManager, type SessionManager } from "./manager";
import { startBackgroundSweep } from "./sweep";

const holder = globalThis as typeof globalThis & { __hppSessions?: SessionManager };

/** The process-wide session manager over the configured store. */
export function getSessionManager(): SessionManager {
  if (!holder.__hppSessions) {
    const config = getConfig();
    const store = getStore();
    holder.__hppSessions = createSessionManager({ store, policy: config.session });
    if (store.kind === "fs" && config.session.mode === "store")
      startBackgroundSweep(holder.__hppSessions, config.dataDir, store);
  }
  return holder.__hppSessions;
}

export function resetSessionManagerForTests(): void {
  holder.__hppSessions = undefined;
}
