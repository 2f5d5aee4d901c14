/**
 * `next` values an attacker would put in a login link, shared by the unit test of safeNextPath and the e2e tests
 * that send them to a running server (page redirect and login action).
 */
export const HOSTILE_NEXT_VALUES: readonly string[] = [
  // Dot segments that normalise to a protocol-relative URL (the reported case and its variants).
  "/..//evil.example/x",
  "/organizer/../..//evil.example/x",
  "/organizer/../../..//evil.example",
  "/./..//evil.example",
  // The same with percent-encoded dots, which URL parsers treat as dots.
  "/%2e%2e//evil.example/x",
  "/%2E%2E//evil.example",
  "/.%2e//evil.example",
  "/organizer/%2e%2e/%2e%2e//evil.example/",
  // Protocol-relative and backslash forms.
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "/organizer/..\\..\\/evil.example",
  // Tabs and newlines, which URL parsers drop.
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/organizer/\t../..//evil.example",
  // Absolute URLs and schemes.
  "https://evil.example/organizer",
  "http:evil.example",
  "https:/evil.example",
  "javascript:alert(document.cookie)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  " //evil.example",
  // Back to the login page (a loop), and places outside the organizer area.
  "/organizer/login?next=//evil.example",
  "/organizer/%2e/login",
  "/organizer/../api/health",
];

/** Whether a Location header value, read by a browser on `appUrl`, stays on that site in the organizer area. */
export function isOnSiteLocation(location: string, appUrl: string): boolean {
  let resolved: URL;
  try {
    resolved = new URL(location, appUrl);
  } catch {
    return false;
  }
  const app = new URL(appUrl);
  if (resolved.origin !== app.origin) return false;
  return resolved.pathname === "/" || resolved.pathname === "/organizer" || resolved.pathname.startsWith("/organizer/");
}
