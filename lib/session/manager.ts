import type { AppStore } from "../storage/types";
import { systemClock, type Clock } from "./clock";
import { logSessionEvent, type SessionEndReason } from "./events";
import { sessionRecordSchema, type SessionRecord } from "./record";
import { generateSessionToken, hashSessionToken, SESSION_TOKEN_PATTERN } from "./token";
import { isSessionExpired, organizerLockName, organizerSessionsKey, removeSessionRecord, sessionKey } from "./keys";

export interface SessionPolicy {
  /** Idle lifetime with "keep me signed in". */
  maxAgeMs: number;
  /** Idle lifetime without it. */
  shortMaxAgeMs: number;
  /** Hard limit from creation. */
  absoluteMaxAgeMs: number;
}

/** At most one store write per session per hour, however many requests it makes. */
export const TOUCH_INTERVAL_MS = 60 * 60 * 1000;
const MAX_USER_AGENT = 512;

export { organizerSessionsKey, sessionKey } from "./keys";

export interface NewSession {
  organizerId: string;
  rememberMe: boolean;
  userAgent?: string | null;
  /** See SessionRecord.network. */
  network?: string | null;
}

export type SessionManager = ReturnType<typeof createSessionManager>;

/**
 * The session API: create, validate, renew, invalidate one, invalidate all of an organizer's. Knows nothing
 * of cookies or Next.js, so it is tested directly against every store with an injectable clock. Flash
 * messages (flash.ts) and whole-namespace maintenance (maintenance.ts) are modules of their own.
 */
export function createSessionManager(options: { store: AppStore; policy: SessionPolicy; clock?: Clock }) {
  const { store, policy } = options;
  const clock = options.clock ?? systemClock;

  const idleLifetime = (rememberMe: boolean) => (rememberMe ? policy.maxAgeMs : policy.shortMaxAgeMs);
  const ttlSeconds = (record: SessionRecord, now: number) =>
    Math.max(1, Math.ceil((Math.min(record.expiresAt, record.absoluteExpiresAt) - now) / 1000));

  /**
   * Sessions this process has renewed, and when. Requests of one session arrive together (a page, its
   * prefetches, a second tab); each read the record before any renewal landed, so each would write the same
   * renewal. The first one claims it here and the others skip: one write per session per interval in this
   * process (other instances may add one each). Bounded: entries older than the interval are dropped.
   */
  const renewedAt = new Map<string, number>();
  const RENEWED_MEMORY = 10_000;
  function claimRenewal(id: string, now: number): boolean {
    const last = renewedAt.get(id);
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return false;
    if (renewedAt.size >= RENEWED_MEMORY) {
      for (const [key, at] of renewedAt) if (now - at >= TOUCH_INTERVAL_MS) renewedAt.delete(key);
      // Still full of recent ones: forget the oldest rather than grow (at worst one more write).
      if (renewedAt.size >= RENEWED_MEMORY) renewedAt.delete(renewedAt.keys().next().value!);
    }
    renewedAt.delete(id);
    renewedAt.set(id, now);
    return true;
  }

  function isExpired(record: SessionRecord, now = clock.now()): boolean {
    return isSessionExpired(record, now);
  }

  /** Builds a record without storing it (the cookie-only mode seals it into the cookie instead). */
  function buildRecord(id: string, input: NewSession): SessionRecord {
    const now = clock.now();
    const absoluteExpiresAt = now + policy.absoluteMaxAgeMs;
    return {
      v: 1,
      id,
      organizerId: input.organizerId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: Math.min(now + idleLifetime(input.rememberMe), absoluteExpiresAt),
      absoluteExpiresAt,
      rememberMe: input.rememberMe,
      userAgent: (input.userAgent ?? "").slice(0, MAX_USER_AGENT),
      ...(input.network ? { network: input.network.slice(0, 64) } : {}),
    };
  }

  const removeRecord = (record: Pick<SessionRecord, "id" | "organizerId">) => removeSessionRecord(store, record);

  /** Reads a record by id; expired or unreadable records are removed and reported as absent. */
  async function readSession(id: string): Promise<SessionRecord | null> {
    const raw = await store.get(sessionKey(id));
    if (raw === null || raw === undefined) return null;
    const parsed = sessionRecordSchema.safeParse(raw);
    if (!parsed.success || parsed.data.id !== id) {
      logSessionEvent("session.ended", { sessionId: id, reason: "corrupt" });
      await store.remove(sessionKey(id));
      return null;
    }
    if (isExpired(parsed.data)) {
      logSessionEvent("session.ended", { sessionId: id, organizerId: parsed.data.organizerId, reason: "expired" });
      await removeRecord(parsed.data);
      return null;
    }
    return parsed.data;
  }

  /** The renewal decision alone (the stateless cookie mode applies it without a store). */
  function computeTouch(session: SessionRecord): { session: SessionRecord; extended: boolean } | null {
    const now = clock.now();
    if (now - session.lastSeenAt < TOUCH_INTERVAL_MS || isExpired(session, now)) return null;
    const idle = idleLifetime(session.rememberMe);
    const updated: SessionRecord = { ...session, lastSeenAt: now };
    if (session.expiresAt - now < idle / 2) {
      updated.expiresAt = Math.min(now + idle, session.absoluteExpiresAt);
    }
    return { session: updated, extended: updated.expiresAt !== session.expiresAt };
  }

  return {
    policy,
    isExpired,
    buildRecord,

    async createSession(input: NewSession): Promise<{ token: string; session: SessionRecord }> {
      const token = generateSessionToken();
      const session = buildRecord(hashSessionToken(token), input);
      // Index first: a member without a record is harmless and dropped on the next listing, while a
      // record missing from the index would escape "sign out everywhere". Under the organizer's lock, so
      // that an invalidation or listing never sees the member before the record exists and drops it.
      await store.withLock(organizerLockName(session.organizerId), async () => {
        await store.setAdd(organizerSessionsKey(session.organizerId), session.id);
        await store.set(sessionKey(session.id), session, { ttlSeconds: ttlSeconds(session, session.createdAt) });
      });
      logSessionEvent("session.created", {
        sessionId: session.id,
        organizerId: session.organizerId,
        rememberMe: session.rememberMe,
      });
      return { token, session };
    },

    /**
     * The same session under a new token: created and absolute expiry are kept (it is the same sign-in), the
     * old record is removed. Used when the password changes, so a token copied before is worthless after.
     */
    async reissueSession(
      previous: SessionRecord,
      reason: SessionEndReason,
    ): Promise<{ token: string; session: SessionRecord }> {
      const token = generateSessionToken();
      const now = clock.now();
      const session: SessionRecord = {
        ...previous,
        id: hashSessionToken(token),
        lastSeenAt: now,
        expiresAt: Math.min(now + idleLifetime(previous.rememberMe), previous.absoluteExpiresAt),
      };
      // Under the organizer's lock like a login, so a concurrent "sign out everywhere" sees both writes or none.
      await store.withLock(organizerLockName(session.organizerId), async () => {
        await store.setAdd(organizerSessionsKey(session.organizerId), session.id);
        await store.set(sessionKey(session.id), session, { ttlSeconds: ttlSeconds(session, now) });
      });
      await removeRecord(previous);
      logSessionEvent("session.ended", { sessionId: previous.id, organizerId: previous.organizerId, reason });
      logSessionEvent("session.created", { sessionId: session.id, organizerId: session.organizerId, reissued: true });
      return { token, session };
    },

    /** The token from a cookie to a live session, or null. Throws StoreUnavailableError, never guesses. */
    async validateSessionToken(token: string): Promise<SessionRecord | null> {
      if (!SESSION_TOKEN_PATTERN.test(token)) return null;
      return readSession(hashSessionToken(token));
    },

    readSession,

    /**
     * Sliding renewal. Writes at most once per TOUCH_INTERVAL_MS: updates last-seen and, once the session is
     * past half its idle lifetime, extends it (never past the absolute limit). The write only happens if the
     * record still exists, so a request racing a logout cannot bring the session back.
     * Returns the stored record when it wrote, null when nothing was due or the session is gone.
     */
    async touchSession(session: SessionRecord): Promise<{ session: SessionRecord; extended: boolean } | null> {
      const touched = computeTouch(session);
      if (!touched || !claimRenewal(session.id, touched.session.lastSeenAt)) return null;
      let written: boolean;
      try {
        written = await store.replace(sessionKey(session.id), touched.session, {
          ttlSeconds: ttlSeconds(touched.session, touched.session.lastSeenAt),
        });
      } catch (error) {
        // Not renewed after all: the next request tries again.
        renewedAt.delete(session.id);
        throw error;
      }
      if (!written) return null;
      if (touched.extended) {
        logSessionEvent("session.renewed", {
          sessionId: session.id,
          organizerId: session.organizerId,
          expiresAt: touched.session.expiresAt,
        });
      }
      return touched;
    },

    computeTouch,

    async invalidateSession(
      session: Pick<SessionRecord, "id" | "organizerId">,
      reason: SessionEndReason,
    ): Promise<void> {
      await removeRecord(session);
      logSessionEvent("session.ended", { sessionId: session.id, organizerId: session.organizerId, reason });
    },

    /** Ends every session of an organizer (but one, when given). Reads the index, never scans the store. */
    async invalidateOrganizerSessions(
      organizerId: string,
      reason: SessionEndReason,
      options: { exceptSessionId?: string } = {},
    ): Promise<number> {
      return store.withLock(organizerLockName(organizerId), async () => {
        const ids = await store.setMembers(organizerSessionsKey(organizerId));
        let ended = 0;
        await Promise.all(
          ids
            .filter((id) => id !== options.exceptSessionId)
            .map(async (id) => {
              await removeRecord({ id, organizerId });
              ended += 1;
              logSessionEvent("session.ended", { sessionId: id, organizerId, reason });
            }),
        );
        return ended;
      });
    },

    /** An organizer's live sessions, newest activity first; cleans stale index entries on the way. */
    async listOrganizerSessions(organizerId: string): Promise<SessionRecord[]> {
      const ids = await store.setMembers(organizerSessionsKey(organizerId));
      const isLive = (session: SessionRecord | null): session is SessionRecord => session?.organizerId === organizerId;
      const sessions = await Promise.all(ids.map((id) => readSession(id)));
      const stale = ids.filter((_, i) => !isLive(sessions[i] ?? null));
      if (stale.length > 0) {
        // Re-checked under the lock: a member whose record was still being written by a login is kept.
        await store.withLock(organizerLockName(organizerId), async () => {
          for (const id of stale) {
            if (!isLive(await readSession(id))) await store.setRemove(organizerSessionsKey(organizerId), id);
          }
        });
      }
      return sessions.filter(isLive).sort((a, b) => b.lastSeenAt - a.lastSeenAt);
    },
  };
}
