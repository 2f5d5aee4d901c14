import type { AppStore } from "../storage/types";
import { systemClock, type Clock } from "./clock";
import { flashKey } from "./keys";

const FLASH_TTL_MS = 60 * 60 * 1000;

export type SessionFlash = ReturnType<typeof createSessionFlash>;

/** One-time messages for a session's next page ("Welcome back"), kept in the store beside the session. */
export function createSessionFlash(options: { store: AppStore; clock?: Clock }) {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  return {
    async setFlash(sessionId: string, message: string): Promise<void> {
      await store.set(
        flashKey(sessionId),
        { message, expiresAt: clock.now() + FLASH_TTL_MS },
        { ttlSeconds: FLASH_TTL_MS / 1000 },
      );
    },

    /** Returns the flash message once: of concurrent readers only one gets it. */
    async takeFlash(sessionId: string): Promise<string | null> {
      const value = (await store.take(flashKey(sessionId))) as { message?: unknown; expiresAt?: unknown } | null;
      if (!value || typeof value.message !== "string") return null;
      if (typeof value.expiresAt === "number" && value.expiresAt <= clock.now()) return null;
      return value.message;
    },
  };
}
