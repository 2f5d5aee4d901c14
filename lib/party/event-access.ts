import "server-only";
import { eventRole, type EventRole, type PartyEvent } from "../data/events";
import type { PartyData } from "../data/party";
import { isId } from "../data/records";

// Kept free of next/* (like page-data.ts), so the authorization table test runs the very function the app does.

/**
 * THE question every event page, Route Handler and Server Action asks: what is this organizer to this event?
 * "owner", "cohost", or null (not theirs, no such event, or a malformed id: the same answer). One store read
 * of the event, decided by lib/data's eventRole, so a co-host removed a moment ago is refused on their next
 * request. Repository commits decide again with eventRole on the event as read in the commit.
 */
export async function eventAccess(
  data: PartyData,
  organizerId: string,
  eventId: unknown,
): Promise<{ role: EventRole; event: PartyEvent } | null> {
  const event = isId(eventId) ? await data.events.get(eventId) : null;
  const role = event ? eventRole(event, organizerId) : null;
  return event && role ? { role, event } : null;
}
