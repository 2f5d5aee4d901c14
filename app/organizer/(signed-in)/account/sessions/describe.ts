import { TOUCH_INTERVAL_MS, type SessionRecord } from "@/lib/session";

/** "3 minutes ago", "yesterday", "on 4 Dec 2026": server-rendered, so no time zone is assumed beyond UTC dates. */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  return `on ${new Date(at).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}`;
}

/**
 * Last activity is written at most once per TOUCH_INTERVAL_MS (one store write per session per hour), so
 * anything more recent is shown as "within the last hour" rather than a false precision.
 */
export function describeSessionTimes(
  session: Pick<SessionRecord, "createdAt" | "lastSeenAt">,
  now: number,
  isCurrent: boolean,
) {
  const lastActive = isCurrent
    ? "now"
    : now - session.lastSeenAt < TOUCH_INTERVAL_MS
      ? "within the last hour"
      : relativeTime(session.lastSeenAt, now);
  return { created: relativeTime(session.createdAt, now), lastActive };
}
