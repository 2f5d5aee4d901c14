import "server-only";
import { getConfig } from "../config";
import { getStore } from "../storage";
import { createSessionFlash, type SessionFlash } from "./flash";
import { createSessionManager, type SessionManager } from "./manager";
import { createSessionMaintenance } from "./maintenance";
import { cookieSessionMode, storeSessionMode, type SessionMode } from "./modes";
import { startBackgroundSweep } from "./sweep";

interface SessionServices {
  manager: SessionManager;
  mode: SessionMode;
  flash: SessionFlash;
}

const holder = globalThis as typeof globalThis & { __hppSessions?: SessionServices };

/** The process-wide session services over the configured store; the one place the session mode is chosen. */
function services(): SessionServices {
  if (!holder.__hppSessions) {
    const config = getConfig();
    const store = getStore();
    const manager = createSessionManager({ store, policy: config.session });
    let mode: SessionMode;
    if (config.session.mode === "cookie") {
      mode = cookieSessionMode(manager);
    } else {
      mode = storeSessionMode(manager);
      if (store.kind === "fs") startBackgroundSweep(createSessionMaintenance({ store }), config.dataDir, store);
    }
    holder.__hppSessions = { manager, mode, flash: createSessionFlash({ store }) };
  }
  return holder.__hppSessions;
}

/** The session mode (store or cookie) this process runs in. */
export function getSessionMode(): SessionMode {
  return services().mode;
}

export function getSessionFlash(): SessionFlash {
  return services().flash;
}

/** The core session API over the configured store (tests; the app goes through getSessionMode()). */
export function getSessionManager(): SessionManager {
  return services().manager;
}

export function resetSessionManagerForTests(): void {
  holder.__hppSessions = undefined;
}
