import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { SessionSecrets } from "../config";
import { sessionRecordSchema, type SessionRecord } from "./record";

/**
 * proxy.ts validates the session against the store before a page renders; without a handoff the page then
 * reads the same record from the store again. The proxy passes what it just validated to the page in a request
 * header (Next.js forwards request headers set with NextResponse.next({ request: { headers } }) to the render,
 * never to the browser), so one request costs one session read.
 *
 * The header is only believed when:
 * - its MAC verifies under a key derived from SESSION_SECRET: a client cannot forge one, even on a path the
 *   proxy does not cover (the proxy also strips any incoming copy);
 * - it was made for the very cookie value this request carries (a renewal or login that changed the cookie
 *   within the request falls back to the store);
 * - it is seconds old: it describes this request, not a replay of an earlier one.
 * A logout or revocation in another request still ends the session at once: this request was validated
 * against the store when it arrived, the next one will be too.
 */
export const SESSION_HANDOFF_HEADER = "x-hpp-session";

/** Proxy to render is milliseconds; the margin covers clock differences where they run on separate machines. */
const MAX_AGE_MS = 30_000;

const handoffSchema = z.object({
  c: z.string(),
  at: z.number(),
  r: sessionRecordSchema,
});

const keys = new WeakMap<SessionSecrets["seal"], Buffer>();

function keyFor(secrets: SessionSecrets): Buffer {
  let key = keys.get(secrets.seal);
  if (!key) {
    const secret = Object.values(secrets.seal)[0] ?? "";
    // A key of its own, so a MAC here can never be mistaken for anything iron-session seals.
    key = createHash("sha256").update("hpp/session-handoff/v1\0").update(secret).digest();
    keys.set(secrets.seal, key);
  }
  return key;
}

function cookieDigest(cookieValue: string): string {
  return createHash("sha256").update(cookieValue).digest("base64url");
}

function mac(secrets: SessionSecrets, body: string): Buffer {
  return createHmac("sha256", keyFor(secrets)).update(body).digest();
}

export function sealSessionHandoff(
  secrets: SessionSecrets,
  cookieValue: string,
  session: SessionRecord,
  now = Date.now(),
): string {
  const body = Buffer.from(JSON.stringify({ c: cookieDigest(cookieValue), at: now, r: session })).toString("base64url");
  return `${body}.${mac(secrets, body).toString("base64url")}`;
}

/** The session the proxy validated for this request and this cookie, or null (then read the store). */
export function openSessionHandoff(
  secrets: SessionSecrets,
  header: string | null | undefined,
  cookieValue: string | undefined,
  now = Date.now(),
): SessionRecord | null {
  if (!header || !cookieValue) return null;
  const dot = header.lastIndexOf(".");
  if (dot <= 0) return null;
  const body = header.slice(0, dot);
  const given = Buffer.from(header.slice(dot + 1), "base64url");
  const expected = mac(secrets, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = handoffSchema.safeParse(json);
  if (!parsed.success) return null;
  const { c, at, r } = parsed.data;
  if (Math.abs(now - at) > MAX_AGE_MS) return null;
  if (c !== cookieDigest(cookieValue)) return null;
  return r;
}
