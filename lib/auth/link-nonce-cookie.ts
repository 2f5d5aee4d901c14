import "server-only";
import { cookies } from "next/headers";
import { getConfig } from "../config";
import { generateToken, hashToken, TOKEN_PATTERN } from "../tokens";
import { SIGN_IN_LINK_TTL_MS } from "./sign-in-links";

/**
 * The browser a sign-in link was asked from: a random nonce in a short-lived cookie (HttpOnly, SameSite=Lax so
 * it comes along when the link is opened from a mail program, Secure like the session cookie, Path=/organizer/login
 * where the request form and the link live). Only the nonce's hash goes into the link's record, so the link
 * alone (a forwarded mail, a copy of the store) signs nobody in: the browser that asked must open it.
 */

function cookieName(): string {
  const { session, isProduction } = getConfig();
  // __Secure- (not __Host-, which demands Path=/): another site on a sibling domain cannot plant one.
  return session.cookieSecure && isProduction ? "__Secure-hpp_link" : "hpp_link";
}

const COOKIE_PATH = "/organizer/login";

/**
 * This browser's nonce hash for a new link: the nonce it already holds (so two links asked for in a row both
 * work here), or a new one. The cookie lives as long as a link does.
 */
export async function linkNonceHashForRequest(): Promise<string> {
  const jar = await cookies();
  const held = jar.get(cookieName())?.value;
  const nonce = held && TOKEN_PATTERN.test(held) ? held : generateToken();
  jar.set(cookieName(), nonce, {
    httpOnly: true,
    sameSite: "lax",
    secure: getConfig().session.cookieSecure,
    path: COOKIE_PATH,
    maxAge: Math.ceil(SIGN_IN_LINK_TTL_MS / 1000),
  });
  return hashToken(nonce);
}

/** The hash of the nonce this browser holds, or null. */
export async function currentLinkNonceHash(): Promise<string | null> {
  const held = (await cookies()).get(cookieName())?.value;
  return held && TOKEN_PATTERN.test(held) ? hashToken(held) : null;
}

/** After a sign-in by link: the nonce has done its work. */
export async function clearLinkNonce(): Promise<void> {
  (await cookies()).set(cookieName(), "", {
    httpOnly: true,
    sameSite: "lax",
    secure: getConfig().session.cookieSecure,
    path: COOKIE_PATH,
    maxAge: 0,
  });
}
