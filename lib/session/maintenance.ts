import type { AppStore } from "../storage/types";
import { systemClock, type Clock } from "./clock";
import { flashKey, isSessionExpired, removeSessionRecord } from "./keys";
import { sessionRecordSchema, type SessionRecord } from "./record";

export interface SessionStats {
  live: number;
  expired: number;
  corrupt: number;
  bytes: number;
}

export type SessionMaintenance = ReturnType<typeof createSessionMaintenance>;

/**
 * Whole-namespace work for the CLI (`npm run sessions`) and the fs store's background sweep. These list every
 * session, so nothing on a request path may call them (the local/no-scan-on-request-path lint rule).
 */
export function createSessionMaintenance(options: { store: AppStore; clock?: Clock }) {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  return {
    /**
     * Every session record, counted (live, expired, corrupt, bytes as stored). The live records are returned
     * too unless `records: false` (the stats alone then need no memory per session).
     */
    async listAllSessions(
      options: { records?: boolean } = {},
    ): Promise<{ sessions: SessionRecord[]; stats: SessionStats }> {
      const keepRecords = options.records ?? true;
      const now = clock.now();
      const stats: SessionStats = { live: 0, expired: 0, corrupt: 0, bytes: 0 };
      const sessions: SessionRecord[] = [];
      await store.forEachValue("sessions", ({ value, bytes }) => {
        stats.bytes += bytes;
        const parsed = sessionRecordSchema.safeParse(value);
        if (!parsed.success) stats.corrupt += 1;
        else if (isSessionExpired(parsed.data, now)) stats.expired += 1;
        else {
          stats.live += 1;
          if (keepRecords) sessions.push(parsed.data);
        }
      });
      return { sessions, stats };
    },

    /** Removes expired and corrupt session records (and stale flashes). Returns how many were removed. */
    async pruneExpired(): Promise<{ checked: number; removed: number }> {
      const now = clock.now();
      let removed = 0;
      // A handful at most: a flash lives from a login's redirect to the next render. Knowing them saves a
      // remove of an absent flash (three file-system calls on fs) per expired session.
      const flashes = new Set(await store.listKeys("flash"));
      const checked = await store.forEachValue("sessions", async ({ key, value }) => {
        const parsed = sessionRecordSchema.safeParse(value);
        if (!parsed.success) {
          await store.remove(key);
          removed += 1;
        } else if (isSessionExpired(parsed.data, now)) {
          await removeSessionRecord(store, parsed.data, { flash: flashes.has(flashKey(parsed.data.id)) });
          removed += 1;
        }
      });
      for (const key of await store.listKeys("flash")) {
        const value = (await store.get(key)) as { expiresAt?: unknown } | null;
        if (!value || typeof value.expiresAt !== "number" || value.expiresAt <= now) await store.remove(key);
      }
      return { checked, removed };
    },

    /** Removes every session of this app (and only this app's keys). */
    async clearAllSessions(): Promise<number> {
      const listed = await store.forEachValue("sessions", async ({ key, value }) => {
        const parsed = sessionRecordSchema.safeParse(value);
        if (parsed.success) await removeSessionRecord(store, parsed.data);
        else await store.remove(key);
      });
      for (const key of await store.listKeys("flash")) await store.remove(key);
      return listed;
    },
  };
}
