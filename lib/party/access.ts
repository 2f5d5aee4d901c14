import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireOrganizer, type SignedIn } from "../auth/current";
import { getPartyData, type PartyData } from "../data";
import type { PartyEvent } from "../data/events";
import type { Household } from "../data/households";
import { isId } from "../data/records";
import { openInvitation, type GuestContext } from "./guest";

/**
 * The checks every organizer page, Server Action and Route Handler makes for itself: a signed-in organizer
 * (else the login page), and ids that belong to that organizer (else 404, the same answer as for an id that
 * does not exist, so nobody learns which ids are someone else's).
 */

export interface OrganizerScope extends SignedIn {
  data: PartyData;
}

export async function requireOrganizerScope(returnTo?: string): Promise<OrganizerScope> {
  const signedIn = await requireOrganizer(returnTo);
  return { ...signedIn, data: getPartyData() };
}

export async function requireOwnedEvent(eventId: unknown, returnTo?: string): Promise<OrganizerScope & { event: PartyEvent }> {
  const scope = await requireOrganizerScope(returnTo);
  const event = isId(eventId) ? await scope.data.events.getOwned(scope.organizer.id, eventId) : null;
  if (!event) notFound();
  return { ...scope, event };
}

export async function requireOwnedHousehold(householdId: unknown, returnTo?: string): Promise<OrganizerScope & { household: Household }> {
  const scope = await requireOrganizerScope(returnTo);
  const household = isId(householdId) ? await scope.data.households.getOwned(scope.organizer.id, householdId) : null;
  if (!household) notFound();
  return { ...scope, household };
}

/** One read of a link per request, shared by the RSVP page's metadata (its title and preview) and the page. */
export const openGuestLink = cache((token: string): Promise<GuestContext | null> => openInvitation(getPartyData(), token));

/** For the guest pages and actions: the invitation behind a token, or the "link not valid" 404. */
export async function requireGuest(token: unknown): Promise<{ data: PartyData; ctx: GuestContext }> {
  const data = getPartyData();
  const ctx = typeof token === "string" ? await openGuestLink(token) : null;
  if (!ctx) notFound();
  return { data, ctx };
}
