/**
 * Wall-clock times in an event's own time zone. Events are entered as "2026-12-20T18:00" plus an IANA zone
 * ("America/New_York"); comparisons (past, deadline) need the instant, which Intl alone can give without a
 * time-zone library: guess the instant as if the wall time were UTC, measure the zone's offset there, and
 * correct (twice, for the hours around a DST change).
 */

import { currentZoneName } from "./time-zones";

export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export const DEFAULT_TIME_ZONE = "America/New_York";

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zones offered in forms: every zone this runtime knows under its current name, plus UTC, sorted. */
export function timeZoneOptions(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [DEFAULT_TIME_ZONE];
  const current = new Set(zones.map(currentZoneName).filter(isValidTimeZone));
  current.add("UTC");
  return [...current].sort();
}

/**
 * A zone as typed into the form, spelled as the list spells it ("asia/kolkata" is "Asia/Kolkata"); a valid name
 * the list does not show (an old one such as Asia/Calcutta) is kept as it is.
 */
export function canonicalZoneInput(typed: string): string {
  const wanted = typed.trim().replace(/ /g, "_").toLowerCase();
  return timeZoneOptions().find((z) => z.toLowerCase() === wanted) ?? typed.trim().replace(/ /g, "_");
}

/** A real calendar date and time ("2026-02-30T10:00" is not). */
export function isValidLocalDateTime(value: string): boolean {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (y < 1970 || y > 9999 || h > 23 || mi > 59) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Milliseconds to add to UTC to get the wall time in `timeZone` at `instant`. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** "2026-12-20T18:00" in `timeZone` to epoch milliseconds. Throws on malformed input (validate first). */
export function zonedToInstant(local: string, timeZone: string): number {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) throw new Error(`Not a local date-time: ${local}`);
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const first = wall - zoneOffsetMs(wall, timeZone);
  // A second pass settles the offset when the first guess fell on the other side of a DST change.
  const second = wall - zoneOffsetMs(first, timeZone);
  if (instantToZoned(second, timeZone) === local) return second;
  // The wall time does not exist (the hour skipped when clocks go forward): take the later reading, as
  // calendars do, so 02:30 on that night becomes 03:30.
  return Math.max(first, second);
}

/** Epoch milliseconds to "YYYY-MM-DDTHH:mm" wall time in `timeZone` (for form defaults and the seed). */
export function instantToZoned(instant: number, timeZone: string): string {
  const local = new Date(instant + zoneOffsetMs(instant, timeZone));
  return local.toISOString().slice(0, 16);
}

export function formatDateTime(instant: number, timeZone: string, options: Intl.DateTimeFormatOptions = {}): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...options,
  }).format(new Date(instant));
}

/** "Sat, Dec 20, 2026, 6:00 PM – 11:00 PM EST" (the end date is repeated only when it differs). */
export function formatRange(startsAt: number, endsAt: number, timeZone: string): string {
  const sameDay = instantToZoned(startsAt, timeZone).slice(0, 10) === instantToZoned(endsAt, timeZone).slice(0, 10);
  const start = formatDateTime(startsAt, timeZone);
  const end = sameDay
    ? formatDateTime(endsAt, timeZone, {
        weekday: undefined,
        month: undefined,
        day: undefined,
        year: undefined,
        timeZoneName: "short",
      })
    : formatDateTime(endsAt, timeZone, { timeZoneName: "short" });
  return `${start} – ${end}`;
}

/** "Sat, Dec 12, 2026, 6:00 PM EST": one instant in the event's zone, with the zone named. */
export function formatInstant(instant: number, timeZone: string): string {
  return formatDateTime(instant, timeZone, { timeZoneName: "short" });
}

/** "2026-12-20T18:00" a number of years later, same wall time; 29 February becomes the 28th in a common year. */
export function shiftYears(local: string, years: number): string {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return local;
  const [y, mo, d] = [Number(m[1]) + years, Number(m[2]), Number(m[3])];
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return `${String(y).padStart(4, "0")}-${m[2]}-${String(Math.min(d, lastDay)).padStart(2, "0")}T${m[4]}:${m[5]}`;
}
export { currentZoneName, zoneLabel } from "./time-zones";

/** Now, injectable: tests and the bench move time by hand (sessions, throttling, reset links). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
