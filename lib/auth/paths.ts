export const LOGIN_PATH = "/organizer/login";
export const DEFAULT_AFTER_LOGIN = "/organizer";

/**
 * The login page that brings the visitor back to `returnTo` afterwards. `returnTo` goes through the same check
 * as anything read back from a `next` parameter: a value that would not be followed is left out.
 */
export function loginPathFor(returnTo: string): string {
  const target = safeNextPath(returnTo, "");
  return target ? `${LOGIN_PATH}?next=${encodeURIComponent(target)}` : LOGIN_PATH;
}

/**
 * Organizer pages open to anyone (proxy.ts lets them through without a session). Everything else under
 * /organizer needs one.
 */
export const PUBLIC_ORGANIZER_PATHS = [
  LOGIN_PATH,
  "/organizer/signup",
  "/organizer/forgot-password",
  "/organizer/reset-password",
  // A verification link proves the mailbox by itself; the account page it leads to asks for a sign-in.
  "/organizer/verify-email",
  // A co-host invitation's page: it tells a visitor who is not signed in how to accept (log in or sign up).
  "/organizer/cohost",
];

export function isPublicOrganizerPath(pathname: string): boolean {
  return PUBLIC_ORGANIZER_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

const BASE = "http://internal.invalid";
/** A second, different base: a value that resolves to the same path against both is a path, not a host. */
const OTHER_BASE = "https://other.invalid:8443";

/** Control characters (tab and newlines included: URL parsers drop them silently), backslashes, DEL. */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/**
 * Where to go after login: a path on this site, inside the organizer area (or the home page), never the login
 * page itself. Anything else gives the fallback.
 *
 * The value is normalised the way a browser will read it (dot segments, `%2e`, ...), and then the RESULT is
 * checked, since that is what ends up in the Location header: `/..//evil.example` normalises to
 * `//evil.example`, which a browser follows to another host. The result must also be a fixed point (reading
 * it again changes nothing) and resolve to the same path against two unrelated origins, so no later
 * normalisation (Next's, the browser's) can turn it into something else.
 */
export function safeNextPath(next: string | null | undefined, fallback = DEFAULT_AFTER_LOGIN): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return fallback;
  if (!next.startsWith("/") || UNSAFE_CHARACTERS.test(next)) return fallback;
  let target: string;
  try {
    const url = new URL(next, BASE);
    if (url.origin !== BASE) return fallback;
    target = `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
  return isSafeAppPath(target) ? target : fallback;
}

/** Whether a redirect target (as it will be sent) is a plain path into the organizer area or the home page. */
export function isSafeAppPath(target: string): boolean {
  if (!target.startsWith("/") || target.startsWith("//") || UNSAFE_CHARACTERS.test(target)) return false;
  for (const base of [BASE, OTHER_BASE]) {
    let url: URL;
    try {
      url = new URL(target, base);
    } catch {
      return false;
    }
    if (url.origin !== new URL(base).origin) return false;
    if (`${url.pathname}${url.search}${url.hash}` !== target) return false;
  }
  const pathname = new URL(target, BASE).pathname;
  if (pathname === LOGIN_PATH || pathname.startsWith(`${LOGIN_PATH}/`)) return false;
  return pathname === "/" || pathname === DEFAULT_AFTER_LOGIN || pathname.startsWith(`${DEFAULT_AFTER_LOGIN}/`);
}
