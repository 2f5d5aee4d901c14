import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The "device cookie" of OWASP's guidance on account lockout: a browser that has signed in to an account
 * successfully gets a signed, long-lived, HttpOnly cookie saying so, and its log-ins to that account are
 * throttled on an allowance of their own (lib/auth/throttle.ts). Failures from anywhere else cannot lock the
 * owner out of their own laptop.
 *
 * The cookie grants nothing but that separate allowance: no session, no access. Its value is
 * `v1.<payload>.<mac>`: the payload (base64url JSON) holds a random device id and, per account signed in to
 * from here, a tag (SHA-256 of the device id and the email, so the cookie does not list emails in clear);
 * the MAC is an HMAC-SHA256 under a key derived from SESSION_SECRET (any configured secret verifies, the
 * newest signs, so rotation keeps devices known).
 */

export const DEVICE_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60; // browsers cap cookie lifetimes at 400 days
export const DEVICE_MAX_ACCOUNTS = 10;

export interface Device {
  id: string;
  /** Tags of the accounts this browser has signed in to, newest last. */
  tags: string[];
}

const MAC_LABEL = "hpp device cookie v1";

/** One MAC key per session secret, newest first. */
export function deviceKeys(secrets: readonly string[]): Buffer[] {
  return secrets.map((secret) => createHash("sha256").update(`${MAC_LABEL}\0${secret}`).digest());
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac("sha256", key).update(payload).digest();
}

export function accountTag(deviceId: string, email: string): string {
  return createHash("sha256").update(`${deviceId}\0${email.trim().toLowerCase()}`).digest("base64url").slice(0, 22);
}

export function newDevice(): Device {
  return { id: randomBytes(16).toString("base64url"), tags: [] };
}

export function knowsAccount(device: Device | null, email: string): boolean {
  return device !== null && device.tags.includes(accountTag(device.id, email));
}

/** The device with this account added (moved to the newest place; the oldest dropped past the limit). */
export function withAccount(device: Device, email: string): Device {
  const tag = accountTag(device.id, email);
  const tags = [...device.tags.filter((t) => t !== tag), tag].slice(-DEVICE_MAX_ACCOUNTS);
  return { id: device.id, tags };
}

export function sealDevice(device: Device, keys: readonly Buffer[]): string {
  const payload = Buffer.from(JSON.stringify({ id: device.id, a: device.tags })).toString("base64url");
  return `v1.${payload}.${mac(keys[0]!, payload).toString("base64url")}`;
}

/** The device in a cookie value, or null for anything missing, malformed, forged or signed by an unknown key. */
export function readDevice(value: string | undefined, keys: readonly Buffer[]): Device | null {
  if (!value || value.length > 2048) return null;
  const [version, payload, signature, ...rest] = value.split(".");
  if (version !== "v1" || !payload || !signature || rest.length > 0) return null;
  const given = Buffer.from(signature, "base64url");
  const valid = keys.some((key) => {
    const expected = mac(key, payload);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) return null;
  try {
    const parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { id?: unknown; a?: unknown };
    if (typeof parsed.id !== "string" || !/^[A-Za-z0-9_-]{16,64}$/.test(parsed.id)) return null;
    if (
      !Array.isArray(parsed.a) ||
      parsed.a.length > DEVICE_MAX_ACCOUNTS ||
      !parsed.a.every((t) => typeof t === "string" && /^[A-Za-z0-9_-]{22}$/.test(t))
    ) {
      return null;
    }
    return { id: parsed.id, tags: parsed.a as string[] };
  } catch {
    return null;
  }
}
