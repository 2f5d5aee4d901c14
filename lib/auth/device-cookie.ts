import "server-only";
import { cookies } from "next/headers";
import { getConfig, getSessionSecrets } from "../config";
import {
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  deviceKeys,
  newDevice,
  readDevice,
  sealDevice,
  withAccount,
  type Device,
} from "./device";

/**
 * The device cookie (lib/auth/device.ts) in Server Actions. Sent only to the organizer pages' actions that log
 * in, sign up or reset a password (Path=/organizer), HttpOnly, SameSite=Lax, Secure like the session cookie.
 */

function cookieName(): string {
  const { session, isProduction } = getConfig();
  // __Secure- (not __Host-, which demands Path=/): another site on a sibling domain cannot plant one.
  return session.cookieSecure && isProduction ? "__Secure-hpp_device" : "hpp_device";
}

function keys(): Buffer[] {
  const secrets = getSessionSecrets();
  const newest = Object.values(secrets.seal)[0]!;
  return deviceKeys([newest, ...Object.values(secrets.unseal).filter((s) => s !== newest)]);
}

/** This browser's device cookie, if it carries a valid one. */
export async function currentDevice(): Promise<Device | null> {
  return readDevice((await cookies()).get(cookieName())?.value, keys());
}

/** Marks this browser as one that signed in to `email` (after a successful log-in, sign-up or reset). */
export async function rememberDevice(device: Device | null, email: string): Promise<void> {
  const updated = withAccount(device ?? newDevice(), email);
  (await cookies()).set(cookieName(), sealDevice(updated, keys()), {
    httpOnly: true,
    sameSite: "lax",
    secure: getConfig().session.cookieSecure,
    path: "/organizer",
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  });
}
