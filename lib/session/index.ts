import "server-only";
import { randomBytes } from "node:crypto";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getConfig, getSessionSecrets } from "../config";
import { sealSessionCookie, sessionCookieAttributes, unsealSessionCookie, type CookiePayload } from "./cookie";
import { logSessionEvent, type SessionEndReason } from "./events";
import type { SessionRecord } from "./record";
import { getSessionManager } from "./service";
import { hashSessionToken } from "./token";

export type { SessionRecord } from "./record";

export interface ResolvedSession {
  session: SessionRecord;
  payload: CookiePayload;
}

/**
 * A cookie value to a live session. Used by Server Components (read-only) and by proxy.ts. Store errors
 * propagate as StoreUnavailableError: an unreachable store is never mistaken for "signed out".
 */
export async function resolveSessionCookie(value: string | undefined): Promise<ResolvedSession | null> {
  if (!value) return null;
  const config = getConfig();
  const payload = await unsealSessionCookie(value, getSessionSecrets(), config.session, (reason) =>
    logSessionEvent("session.rejected", { reason }),
  );
  if (!payload) return null;
  const manager = getSessionManager();
  if ("t" in payload) {
    if (config.session.mode !== "store") return null;
    const session = await manager.validateSessionToken(payload.t);
    return session ? { session, payload } : null;
  }
  if (config.session.mode !== "cookie" || manager.isExpired(payload.r)) return null;
  return { session: payload.r, payload };
}

/** The signed-in session of this request, read once per request. Read-only: safe in Server Components. */
export const getCurrentSession = cache(async (): Promise<SessionRecord | null> => {
  const jar = await cookies();
  const resolved = await resolveSessionCookie(jar.get(getConfig().session.cookieName)?.value);
  return resolved?.session ?? null;
});

/** The Set-Cookie value and attributes for a session; shared by actions and proxy.ts. */
export async function buildSessionCookie(payload: CookiePayload, session: SessionRecord) {
  const config = getConfig();
  return {
    name: config.session.cookieName,
    value: await sealSessionCookie(payload, getSessionSecrets(), config.session),
    attributes: sessionCookieAttributes(config.session, session, Date.now()),
  };
}

export function expiredSessionCookie() {
  const config = getConfig();
  return {
    name: config.session.cookieName,
    value: "",
    // Same attributes as when it was set (a __Host- cookie is only replaced by a Secure one), expired now.
    attributes: { httpOnly: true, sameSite: "lax" as const, secure: config.session.cookieSecure, path: "/", maxAge: 0 },
  };
}

/**
 * Signs an organizer in: destroys whatever session this browser had, creates a new one with a fresh token
 * (so a token planted before login is worthless after it) and sets the cookie.
 * Server Actions and Route Handlers only: Server Components cannot set cookies.
 */
export async function startSession(input: { organizerId: string; rememberMe: boolean; flash?: string }): Promise<SessionRecord> {
  const config = getConfig();
  const jar = await cookies();
  const userAgent = (await headers()).get("user-agent");
  const manager = getSessionManager();
  const previous = await resolveSessionCookie(jar.get(config.session.cookieName)?.value);
  if (previous && config.session.mode === "store") await manager.invalidateSession(previous.session, "login");

  let payload: CookiePayload;
  let session: SessionRecord;
  if (config.session.mode === "store") {
    const created = await manager.createSession({ organizerId: input.organizerId, rememberMe: input.rememberMe, userAgent });
    payload = { t: created.token };
    session = created.session;
  } else {
    session = manager.buildRecord(hashSessionToken(randomBytes(32).toString("base64url")), {
      organizerId: input.organizerId,
      rememberMe: input.rememberMe,
      userAgent,
    });
    payload = { r: session };
    logSessionEvent("session.created", { sessionId: session.id, organizerId: session.organizerId, mode: "cookie" });
  }
  if (input.flash) await manager.setFlash(session.id, input.flash);
  const cookie = await buildSessionCookie(payload, session);
  jar.set(cookie.name, cookie.value, cookie.attributes);
  return session;
}

/** Ends this browser's session on the server and clears the cookie. Actions and Route Handlers only. */
export async function destroyCurrentSession(reason: SessionEndReason = "logout"): Promise<void> {
  const config = getConfig();
  const jar = await cookies();
  const resolved = await resolveSessionCookie(jar.get(config.session.cookieName)?.value);
  if (resolved && config.session.mode === "store") {
    await getSessionManager().invalidateSession(resolved.session, reason);
  } else if (resolved) {
    logSessionEvent("session.ended", { sessionId: resolved.session.id, organizerId: resolved.session.organizerId, reason });
  }
  const cookie = expiredSessionCookie();
  jar.set(cookie.name, cookie.value, cookie.attributes);
}

/** The flash message for this session, once. Deleting it is a store write, not a cookie write, so a
 * Server Component may take it. */
export async function takeFlash(session: SessionRecord): Promise<string | null> {
  return getSessionManager().takeFlash(session.id);
}

export async function setFlash(session: SessionRecord, message: string): Promise<void> {
  await getSessionManager().setFlash(session.id, message);
}
