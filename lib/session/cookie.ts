import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import type { SessionConfig, SessionSecrets } from "../config";
import { sessionRecordSchema, type SessionRecord } from "./record";
import { SESSION_TOKEN_PATTERN } from "./token";

/**
 * The session cookie's content. In the default "store" mode it is only the sealed random token; in the
 * stateless "cookie" mode (SESSION_STORE=cookie) it is the sealed session record itself.
 */
export type CookiePayload = { t: string } | { r: SessionRecord };

const payloadSchema = z.union([
  z.object({ t: z.string().regex(SESSION_TOKEN_PATTERN) }),
  z.object({ r: sessionRecordSchema }),
]);

/** Browsers cap a cookie at 4096 bytes; anything longer is not ours. */
const MAX_COOKIE_LENGTH = 4096;

export async function sealSessionCookie(
  payload: CookiePayload,
  secrets: SessionSecrets,
  session: SessionConfig,
): Promise<string> {
  return sealData(payload, { password: secrets.seal, ttl: Math.ceil(session.absoluteMaxAgeMs / 1000) });
}

export type UnsealFailure = "expired" | "invalid" | "unknown-password" | "oversized";

/** A cookie value to its payload, or null for anything tampered, expired, foreign or malformed. */
export async function unsealSessionCookie(
  value: string,
  secrets: SessionSecrets,
  session: SessionConfig,
  onFailure?: (reason: UnsealFailure) => void,
): Promise<CookiePayload | null> {
  if (value.length === 0) return null;
  if (value.length > MAX_COOKIE_LENGTH) {
    onFailure?.("oversized");
    return null;
  }
  const data = await unsealData<Record<string, unknown>>(value, {
    password: secrets.unseal,
    ttl: Math.ceil(session.absoluteMaxAgeMs / 1000),
    onUnsealError: (reason) => onFailure?.(reason),
  });
  const parsed = payloadSchema.safeParse(data);
  if (!parsed.success) {
    if (Object.keys(data).length > 0) onFailure?.("invalid");
    return null;
  }
  return parsed.data;
}

export interface SessionCookieAttributes {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  maxAge?: number;
}

/**
 * maxAge follows the server-side expiry for "keep me signed in"; without it the cookie is a browser-session
 * cookie (no maxAge) and the server's short idle limit ends the session anyway.
 */
export function sessionCookieAttributes(
  session: SessionConfig,
  record: Pick<SessionRecord, "rememberMe" | "expiresAt" | "absoluteExpiresAt">,
  now: number,
): SessionCookieAttributes {
  const attributes: SessionCookieAttributes = { httpOnly: true, sameSite: "lax", secure: session.cookieSecure, path: "/" };
  if (record.rememberMe) {
    attributes.maxAge = Math.max(0, Math.floor((Math.min(record.expiresAt, record.absoluteExpiresAt) - now) / 1000));
  }
  return attributes;
}

/**
 * Whether a cookie was sealed by a secret other than the one that seals now (it is readable only because
 * an older secret is still configured). proxy.ts re-seals such cookies, so that after a rotation every
 * active browser moves to the new secret and dropping the old one signs out only long-idle sessions.
 */
export function sealedWithOlderSecret(value: string, secrets: SessionSecrets): boolean {
  const id = /^Fe26\.2\*(\d+)\*/.exec(value)?.[1];
  return id !== undefined && !(id in secrets.seal);
}
