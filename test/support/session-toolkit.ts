import { createSessionFlash } from "../../lib/session/flash";
import { createSessionMaintenance } from "../../lib/session/maintenance";
import { createSessionManager, type SessionPolicy } from "../../lib/session/manager";
import type { Clock } from "../../lib/session/clock";
import type { AppStore } from "../../lib/storage/types";

/**
 * The session manager's core API, flash messages and maintenance over one store and clock: the app keeps them in
 * separate modules; the session suites exercise them together, as one store sees them.
 */
export function createSessionToolkit(options: { store: AppStore; policy: SessionPolicy; clock?: Clock }) {
  return {
    ...createSessionManager(options),
    ...createSessionFlash(options),
    ...createSessionMaintenance(options),
  };
}

export type SessionToolkit = ReturnType<typeof createSessionToolkit>;
