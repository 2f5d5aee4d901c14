import type { PartyData } from "../data/party";
import { holdsPlace, plusOnesComing } from "../data/rsvps";
import type { GuestContext } from "./guest";

/**
 * "Who's coming" on an RSVP page, when the host shows it (PartyEvent.showWhosComing): the first names of the
 * people of each household that holds a place, and how many guests it brings. First names only: no household
 * name, address, answer detail, note or dietary need of anyone else reaches another household's page.
 */
export interface WhosComingEntry {
  firstNames: string[];
  guests: number;
}

export async function loadWhosComing(data: PartyData, ctx: GuestContext): Promise<WhosComingEntry[] | null> {
  if (!ctx.event.showWhosComing) return null;
  const [invitations, responses] = await Promise.all([
    data.invitations.listForEvent(ctx.event.id),
    data.rsvps.forEvent(ctx.event.id),
  ]);
  const byInvitation = new Map(responses.map((r) => [r.invitationId, r]));
  const entries: WhosComingEntry[] = [];
  for (const invitation of invitations) {
    const response = byInvitation.get(invitation.id);
    if (!response) continue;
    const firstNames = invitation.guests.people
      .filter((p) => Object.hasOwn(response.answers, p.id) && holdsPlace(response.answers[p.id]))
      .map((p) => p.firstName);
    if (firstNames.length === 0) continue;
    const guests = plusOnesComing(response.answers)
      ? response.plusOnes.filter((p) => p.waitlistedAt === undefined).length
      : 0;
    entries.push({ firstNames, guests });
  }
  return entries.sort((a, b) => a.firstNames[0]!.localeCompare(b.firstNames[0]!, "en", { sensitivity: "base" }));
}

/** The host shows or hides "who's coming" on the event's RSVP pages (ownership checked in the commit). */
export function setShowWhosComing(data: PartyData, organizerId: string, eventId: string, show: boolean) {
  return data.events.setShowWhosComing(organizerId, eventId, show);
}
