export const LOGIN_PATH = "/organizer/login";

export function loginPathFor(returnTo: string): string {
  return `${LOGIN_PATH}?next=${encodeURIComponent(returnTo)}`;
}
