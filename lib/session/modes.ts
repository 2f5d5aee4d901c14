import type { CookiePayload } from "./cookie";
import { logSessionEvent, type SessionEndReason } from "./events";
import type { NewSession, SessionManager } from "./manager";
import type { SessionRecord } from "./record";
import { generateSessionToken, hashSessionToken } from "./token";

/**
 * Where sessions live: in the store (the cookie carries a sealed token) or in the cookie itself
 * (SESSION_STORE=cookie: the sealed record, nothing per session on the server). The mode is chosen once, in
 * service.ts; everything else (index.ts, resolve.ts, proxy.ts, the sessions page) asks this interface and never
 * branches on the mode.
 */
export interface SessionMode {
  readonly kind: "store" | "cookie";
  /** Whether the server knows an organizer's other sessions (to list them or end them one by one). */
  readonly listsSessions: boolean;
  /** An unsealed cookie payload to a live session, or null (wrong kind of payload for this mode, expired, ended). */
  sessionOf(payload: CookiePayload): Promise<SessionRecord | null>;
  /** A new session for a login; `previous` is the session this browser had, which ends. */
  start(input: NewSession, previous: SessionRecord | null): Promise<{ payload: CookiePayload; session: SessionRecord }>;
  /** Ends a session (this browser's logout, or one ended from the sessions page). */
  end(session: SessionRecord, reason: SessionEndReason): Promise<void>;
  /** The same sign-in under a new token: whatever the old cookie held stops working. */
  reissue(
    session: SessionRecord,
    reason: SessionEndReason,
  ): Promise<{ payload: CookiePayload; session: SessionRecord }>;
  /**
   * Sliding renewal for a request. `reseal` is the payload to send back in a new cookie, when the browser's copy
   * must change (a persistent cookie's expiry moved, a rotated secret, or a cookie-held record that changed).
   */
  renew(
    session: SessionRecord,
    payload: CookiePayload,
    sealedWithOlderSecret: boolean,
  ): Promise<{ session: SessionRecord; reseal: CookiePayload | null }>;
  /** An organizer's live sessions (only `current` when the server keeps none). */
  listOf(organizerId: string, current: SessionRecord): Promise<SessionRecord[]>;
  /** Reads one of the organizer's sessions by id, or null (unknown, ended, or someone else's). */
  findOf(organizerId: string, sessionId: string): Promise<SessionRecord | null>;
  /** Ends every session of an organizer (but one, when given); returns how many ended. */
  endAllOf(organizerId: string, reason: SessionEndReason, options?: { exceptSessionId?: string }): Promise<number>;
}

export function storeSessionMode(manager: SessionManager): SessionMode {
  return {
    kind: "store",
    listsSessions: true,
    async sessionOf(payload) {
      return "t" in payload ? manager.validateSessionToken(payload.t) : null;
    },
    async start(input, previous) {
      if (previous) await manager.invalidateSession(previous, "login");
      const created = await manager.createSession(input);
      return { payload: { t: created.token }, session: created.session };
    },
    async end(session, reason) {
      await manager.invalidateSession(session, reason);
    },
    async reissue(session, reason) {
      const reissued = await manager.reissueSession(session, reason);
      return { payload: { t: reissued.token }, session: reissued.session };
    },
    async renew(session, payload, sealedWithOlderSecret) {
      const touched = await manager.touchSession(session);
      const renewed = touched?.session ?? session;
      // The cookie holds only the token; it is re-sent only to move a persistent cookie's expiry along, or to
      // re-seal it under the newest secret after a rotation.
      const reseal = sealedWithOlderSecret || (touched?.extended && touched.session.rememberMe) ? payload : null;
      return { session: renewed, reseal };
    },
    listOf: (organizerId) => manager.listOrganizerSessions(organizerId),
    async findOf(organizerId, sessionId) {
      if (!/^[a-f0-9]{64}$/.test(sessionId)) return null;
      const session = await manager.readSession(sessionId);
      return session?.organizerId === organizerId ? session : null;
    },
    endAllOf: (organizerId, reason, options) => manager.invalidateOrganizerSessions(organizerId, reason, options),
  };
}

/**
 * Stateless: the record is sealed in the cookie. What this gives up (README): a copy of the cookie taken
 * before a logout stays valid until it expires, and other sessions cannot be listed or ended.
 */
export function cookieSessionMode(
  manager: Pick<SessionManager, "buildRecord" | "computeTouch" | "isExpired">,
): SessionMode {
  return {
    kind: "cookie",
    listsSessions: false,
    async sessionOf(payload) {
      return "r" in payload && !manager.isExpired(payload.r) ? payload.r : null;
    },
    async start(input) {
      const session = manager.buildRecord(hashSessionToken(generateSessionToken()), input);
      logSessionEvent("session.created", { sessionId: session.id, organizerId: session.organizerId, mode: "cookie" });
      return { payload: { r: session }, session };
    },
    async end(session, reason) {
      logSessionEvent("session.ended", { sessionId: session.id, organizerId: session.organizerId, reason });
    },
    async reissue(previous, reason) {
      const session = { ...previous, id: hashSessionToken(generateSessionToken()) };
      logSessionEvent("session.ended", { sessionId: previous.id, organizerId: session.organizerId, reason });
      return { payload: { r: session }, session };
    },
    async renew(session, _payload, sealedWithOlderSecret) {
      const touched = manager.computeTouch(session);
      const renewed = touched?.session ?? session;
      return { session: renewed, reseal: touched || sealedWithOlderSecret ? { r: renewed } : null };
    },
    listOf: async (_organizerId, current) => [current],
    findOf: async () => null,
    endAllOf: async () => 0,
  };
}
