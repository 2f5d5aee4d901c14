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
  const cache = unsealCacheFor(secrets);
  const hit = cache.get(value);
  if (hit) return hit;
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
  return cache.remember(value, parsed.data);
}

/**
 * Unsealing costs about half a millisecond of CPU (six WebCrypto calls: two PBKDF2 derivations with their key
 * imports, an HMAC verify, an AES decrypt), and a browser sends the same cookie value on every request. A
 * cookie value is immutable and unseals to the same payload until the expiry sealed inside it, so the result
 * is kept per process, bounded, least recently used out first. A hit only repeats what the cookie itself
 * says: whether the session is still live is decided by the store, which is still read on every request, so
 * a logout or revocation takes effect at once. Failures are not kept (they are rare and logged each time).
 */
export class UnsealCache {
  private readonly entries = new Map<string, { payload: CookiePayload; sealExpiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    // Looked up on each call, so a test that moves Date.now moves the cache with it.
    private readonly now: () => number = () => Date.now(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(value: string): CookiePayload | null {
    const entry = this.entries.get(value);
    if (!entry) return null;
    this.entries.delete(value);
    // Past its sealed expiry a value goes back through the real unseal, which decides (with iron's skew).
    if (entry.sealExpiresAt <= this.now()) return null;
    this.entries.set(value, entry);
    return entry.payload;
  }

  /** Keeps a payload the real unseal just accepted; returns it frozen, as a hit returns it. */
  remember(value: string, payload: CookiePayload): CookiePayload {
    const frozen = freezePayload(payload);
    const sealExpiresAt = sealExpiry(value);
    if (sealExpiresAt > this.now() && this.maxEntries > 0) {
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(value, { payload: frozen, sealExpiresAt });
    }
    return frozen;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A few thousand browsers' worth; an entry is the cookie value (~250 bytes in store mode) and its payload. */
export const UNSEAL_CACHE_ENTRIES = 10_000;

// Per set of secrets: a value unsealed under one configuration says nothing about another (tests and the
// bench use several in one process; the app uses one).
const unsealCaches = new WeakMap<SessionSecrets["unseal"], UnsealCache>();

export function unsealCacheFor(secrets: SessionSecrets): UnsealCache {
  let cache = unsealCaches.get(secrets.unseal);
  if (!cache) {
    cache = new UnsealCache(UNSEAL_CACHE_ENTRIES);
    unsealCaches.set(secrets.unseal, cache);
  }
  return cache;
}

/**
 * The expiry iron sealed into the value (`Fe26.2*id*salt*iv*data*expiration*...`), epoch ms; only read after
 * the value passed the real unseal, whose MAC covers it. No expiry field means the seal never expires, which
 * this app never seals: such a value is not kept.
 */
function sealExpiry(value: string): number {
  const field = value.split("*")[5];
  return field && /^[1-9]\d*$/.test(field) ? Number(field) : 0;
}

// Shared between requests: nobody may change a payload another request will be handed.
function freezePayload(payload: CookiePayload): CookiePayload {
  if ("r" in payload) return Object.freeze({ r: Object.freeze({ ...payload.r }) });
  return Object.freeze({ ...payload });
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
  const attributes: SessionCookieAttributes = {
    httpOnly: true,
    sameSite: "lax",
    secure: session.cookieSecure,
    path: "/",
  };
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
