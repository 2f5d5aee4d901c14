import "server-only";
import { getConfig, getSessionSecrets } from "../config";
import {
  sealedWithOlderSecret,
  sealSessionCookie,
  sessionCookieAttributes,
  unsealSessionCookie,
  type CookiePayload,
} from "./cookie";
import { logSessionEvent } from "./events";
import type { SessionRecord } from "./record";
import { getSessionMode } from "./service";

// Kept free of next/headers and React so that proxy.ts can use it too.

export interface ResolvedSession {
  session: SessionRecord;
  payload: CookiePayload;
  /** Sealed under a secret that no longer seals: re-issue the cookie (secret rotation). */
  sealedWithOlderSecret: boolean;
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
  const session = await getSessionMode().sessionOf(payload);
  return session
    ? { session, payload, sealedWithOlderSecret: sealedWithOlderSecret(value, getSessionSecrets()) }
    : null;
}

/**
 * This request's renewal, for proxy.ts: the session as it stands after it, and the cookie to send back when the
 * browser's copy must change.
 */
export async function renewResolvedSession(
  resolved: ResolvedSession,
): Promise<{ session: SessionRecord; cookie?: SessionCookie }> {
  const { session, reseal } = await getSessionMode().renew(
    resolved.session,
    resolved.payload,
    resolved.sealedWithOlderSecret,
  );
  return reseal ? { session, cookie: await buildSessionCookie(reseal, session) } : { session };
}

export type SessionCookie = Awaited<ReturnType<typeof buildSessionCookie>>;

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
