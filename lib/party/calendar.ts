import "server-only";
import type { PartyEvent } from "../data/events";
import { eventIcs, icsDate } from "../mail/ics";
import { exportFileName } from "./csv";
import { guestMode, openInvitation } from "./guest";
import { getPartyData } from "../data";

/**
 * "Add to calendar" for guests: the event as an .ics file for one household (behind its RSVP link) and a
 * Google Calendar link. Neither carries the RSVP link to a third party: the Google link goes to Google, so it
 * holds only what the invitation shows anyway (title, times, place, description, host's name).
 */

const where = (event: PartyEvent) =>
  [event.locationName, event.locationAddress].filter((s) => s.trim() !== "").join(", ");

/** Google Calendar's "add event" template, dates in UTC basic format (20261220T230000Z/20261221T030000Z). */
export function googleCalendarUrl(event: PartyEvent, hostName: string): string {
  const details = [event.description.trim(), `Hosted by ${hostName}.`].filter((s) => s !== "").join("\n\n");
  const params = new URLSearchParams({ action: "TEMPLATE", text: event.title });
  // The dates' "/" is kept as Google documents it; the rest of each part is only digits, T and Z.
  const dates = `${icsDate(event.startsAt)}/${icsDate(event.endsAt)}`;
  const rest = new URLSearchParams({ details, location: where(event) });
  return `https://calendar.google.com/calendar/render?${params.toString()}&dates=${dates}&${rest.toString()}`;
}

/**
 * The .ics a household downloads from its RSVP page: the invitation its token opens (else null, a 404), not
 * for a draft (guests see nothing of a party still being planned). The host's address is in it only when
 * the host shares it with guests; the household's own RSVP link is its URL (the file is theirs).
 */
export async function guestIcs(
  token: string,
  rsvpUrl: string,
  now = Date.now(),
): Promise<{ body: string; fileName: string } | null> {
  const ctx = await openInvitation(getPartyData(), token);
  if (!ctx || guestMode(ctx.event, now) === "draft") return null;
  const body = eventIcs(ctx.event, ctx.host, now, { url: rsvpUrl });
  return { body, fileName: exportFileName(ctx.event.title, "ics") };
}
