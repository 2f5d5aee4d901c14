import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getConfig, getSessionSecrets } from "../config";
import type { SessionEndReason } from "./events";
import { openSessionHandoff, SESSION_HANDOFF_HEADER } from "./handoff";
import type { SessionRecord } from "./record";
import { getSessionFlash, getSessionMode } from "./service";
import { buildSessionCookie, expiredSessionCookie, resolveSessionCookie } from "./resolve";

// The one way into sessions for the rest of the app. The mode (store or cookie) is chosen once, in service.ts.

export type { SessionRecord } from "./record";
export type { SessionEndReason } from "./events";
export {
  expiredSessionCookie,
  renewResolvedSession,
  resolveSessionCookie,
  type ResolvedSession,
  type SessionCookie,
} from "./resolve";
export { sealSessionHandoff, SESSION_HANDOFF_HEADER } from "./handoff";
export { TOUCH_INTERVAL_MS } from "./manager";

/**
 * The signed-in session of this request, read once per request. Read-only: safe in Server Components.
 * On organizer paths proxy.ts has just validated it against the store and hands it over; anywhere else (or if
 * the cookie changed within this request) it is read from the store here.
 */
export const getCurrentSession = cache(async (): Promise<SessionRecord | null> => {
  const cookieValue = (await cookies()).get(getConfig().session.cookieName)?.value;
  const handedOver = openSessionHandoff(
    getSessionSecrets(),
    (await headers()).get(SESSION_HANDOFF_HEADER),
    cookieValue,
  );
  if (handedOver) return handedOver;
  const resolved = await resolveSessionCookie(cookieValue);
  return resolved?.session ?? null;
});

/**
 * Signs an organizer in: destroys whatever session this browser had, creates a new one with a fresh token
 * (so a token planted before login is worthless after it) and sets the cookie.
 * Server Actions and Route Handlers only: Server Components cannot set cookies.
 */
export async function startSession(input: {
  organizerId: string;
  rememberMe: boolean;
  flash?: string;
  /** The network the browser signs in from (lib/security requestInfo), shown on the sessions page. */
  network?: string | null;
}): Promise<SessionRecord> {
  const config = getConfig();
  const jar = await cookies();
  const userAgent = (await headers()).get("user-agent");
  const previous = await resolveSessionCookie(jar.get(config.session.cookieName)?.value);
  const { payload, session } = await getSessionMode().start(
    { organizerId: input.organizerId, rememberMe: input.rememberMe, userAgent, network: input.network },
    previous?.session ?? null,
  );
  if (input.flash) await setFlash(session, input.flash);
  const cookie = await buildSessionCookie(payload, session);
  jar.set(cookie.name, cookie.value, cookie.attributes);
  return session;
}

/** Ends this browser's session on the server and clears the cookie. Actions and Route Handlers only. */
export async function destroyCurrentSession(reason: SessionEndReason = "logout"): Promise<void> {
  const config = getConfig();
  const jar = await cookies();
  const resolved = await resolveSessionCookie(jar.get(config.session.cookieName)?.value);
  if (resolved) await getSessionMode().end(resolved.session, reason);
  const cookie = expiredSessionCookie();
  jar.set(cookie.name, cookie.value, cookie.attributes);
}

/**
 * The flash message for this session, once. Deleting it is a store write, not a cookie write, so a
 * Server Component may take it. Only read when the flash mark says an action left one (hasPendingFlash):
 * a page view without it makes no store call for the flash.
 */
export async function takeFlash(session: SessionRecord): Promise<string | null> {
  if (!(await hasPendingFlash())) return null;
  return getSessionFlash().takeFlash(session.id);
}

/**
 * Leaves a message for this session's next page. Actions and Route Handlers only: it also sets the flash mark,
 * a short-lived cookie that tells the next render to look (a flash exists only after a few actions, while a
 * read-and-delete on every page view cost a store command each time). A page cannot clear the mark; it
 * expires by itself after FLASH_MARK_SECONDS, and a look that finds nothing is harmless.
 */
export async function setFlash(session: SessionRecord, message: string): Promise<void> {
  await getSessionFlash().setFlash(session.id, message);
  const config = getConfig();
  (await cookies()).set(flashMarkName(), "1", {
    httpOnly: true,
    sameSite: "lax",
    secure: config.session.cookieSecure,
    path: "/",
    maxAge: FLASH_MARK_SECONDS,
  });
}

/** Long enough for the redirect that follows an action, short enough that few later views look in vain. */
export const FLASH_MARK_SECONDS = 60;

/** The mark's cookie name: the session cookie's (so a __Host- prefix and its rules carry over) plus a suffix. */
export function flashMarkName(): string {
  return `${getConfig().session.cookieName}_flash`;
}

/** Whether an action left a flash message for this browser within the last FLASH_MARK_SECONDS. */
export async function hasPendingFlash(): Promise<boolean> {
  return (await cookies()).has(flashMarkName());
}

/**
 * Keeps this browser signed in under a new token (the old one stops working at once) and sets the cookie.
 * Actions and Route Handlers only. Returns null when the request carries no live session.
 */
export async function reissueCurrentSession(reason: SessionEndReason): Promise<SessionRecord | null> {
  const config = getConfig();
  const jar = await cookies();
  const resolved = await resolveSessionCookie(jar.get(config.session.cookieName)?.value);
  if (!resolved) return null;
  const { payload, session } = await getSessionMode().reissue(resolved.session, reason);
  const cookie = await buildSessionCookie(payload, session);
  jar.set(cookie.name, cookie.value, cookie.attributes);
  return session;
}

/** Whether the server keeps this organizer's other sessions, so they can be listed and ended one by one. */
export function sessionsAreListable(): boolean {
  return getSessionMode().listsSessions;
}

/** The organizer's live sessions, newest activity first (only `current` when the server keeps none). */
export async function listOrganizerSessions(organizerId: string, current: SessionRecord): Promise<SessionRecord[]> {
  return getSessionMode().listOf(organizerId, current);
}

/**
 * Ends one of the organizer's own sessions and returns it; null for someone else's, an unknown id or one that
 * already ended (the caller answers all three alike, so nothing about other organizers' sessions is revealed).
 */
export async function endOrganizerSession(organizerId: string, sessionId: string): Promise<SessionRecord | null> {
  const mode = getSessionMode();
  const target = await mode.findOf(organizerId, sessionId);
  if (target) await mode.end(target, "organizer");
  return target;
}

/** Ends every session of an organizer (but one, when given); returns how many ended. */
export async function endOrganizerSessions(
  organizerId: string,
  reason: SessionEndReason,
  options: { exceptSessionId?: string } = {},
): Promise<number> {
  return getSessionMode().endAllOf(organizerId, reason, options);
}
