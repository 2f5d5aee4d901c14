export const LOGIN_PATH = "/organizer/login";

export function loginPathFor(returnTo: string): string {
  return `${LOGIN_PATH}?next=${encodeURIComponent(returnTo)}`;
}

/**
 * Organizer pages open to anyone (proxy.ts lets them through without a session). Everything else under
 * /organizer needs one.
 */
export const PUBLIC_ORGANIZER_PATHS = [LOGIN_PATH, "/organizer/signup", "/organizer/forgot-password", "/organizer/reset-password"];

export function isPublicOrganizerPath(pathname: string): boolean {
  return PUBLIC_ORGANIZER_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}
