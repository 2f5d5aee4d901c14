import type { PartyEvent } from "../data/events";
import { organizerName } from "../data/organizers";

/** The event as an iCalendar (RFC 5545) file. Times are written in UTC, so no VTIMEZONE block is needed. */

export function icsText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

export function icsDate(instant: number): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Folds a content line at 75 octets without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, "utf8");
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (bytes + size > limit) {
      parts.push(current);
      current = "";
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const STATUS: Record<PartyEvent["status"], string> = {
  draft: "TENTATIVE",
  published: "CONFIRMED",
  cancelled: "CANCELLED",
};

/**
 * `host.email` null: no ORGANIZER line (a guest's copy when the host does not share their address).
 * `extra.url`: the event's page for whoever holds the file (a household's own RSVP link).
 */
export function eventIcs(
  event: PartyEvent,
  host: { firstName: string; lastName: string; email: string | null },
  now = Date.now(),
  extra: { url?: string } = {},
): string {
  const location = [event.locationName, event.locationAddress].filter((s) => s.trim() !== "").join(", ");
  const hostName = organizerName(host).replace(/["\u0000-\u001f]/g, "");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Holiday Party Planner//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${event.id}@holiday-party-planner`,
    `DTSTAMP:${icsDate(now)}`,
    `DTSTART:${icsDate(event.startsAt)}`,
    `DTEND:${icsDate(event.endsAt)}`,
    `LAST-MODIFIED:${icsDate(event.updatedAt)}`,
    `SUMMARY:${icsText(event.title)}`,
    ...(event.description ? [`DESCRIPTION:${icsText(event.description)}`] : []),
    ...(location ? [`LOCATION:${icsText(location)}`] : []),
    ...(extra.url ? [`URL:${extra.url.replace(/[\u0000-\u001f\u007f]/g, "")}`] : []),
    ...(host.email ? [`ORGANIZER;CN="${hostName}":mailto:${host.email}`] : []),
    `STATUS:${STATUS[event.status]}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
