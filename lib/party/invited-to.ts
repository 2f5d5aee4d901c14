import { emailHash, organizerName, type PublicOrganizer } from "../data/organizers";
import { eventRole, isPast } from "../data/events";
import type { PartyData } from "../data/party";

/**
 * "Events I'm invited to": the invitations whose household lists the signed-in organizer's VERIFIED address
 * (an unverified one proves nothing: anyone can type any address at sign-up). Found through the invitations'
 * `email-invitations:<sha256 of the address>` index, which every commit that changes an invitation's copy of
 * its household keeps in step (lib/data/invitations.ts). Two store round trips whatever their number: the index
 * with its invitations, then their events, hosts and answers at once. Only published events that are not over.
 *
 * Kept free of next/* (like page-data.ts) so tests and the bench count exactly what it reads.
 */

export interface InvitedToCard {
  invitationId: string;
  eventTitle: string;
  /** "Invited by Jane Smith". */
  hostName: string;
  householdName: string;
  startsAt: number;
  endsAt: number;
  timeZone: string;
  locationName: string;
  /** The household's own RSVP page (null when its link cannot be opened, e.g. after a secret rotation). */
  rsvpPath: string | null;
  answered: boolean;
}

export async function loadInvitedTo(
  data: PartyData,
  organizer: Pick<PublicOrganizer, "id" | "email" | "emailVerifiedAt">,
  now: number = Date.now(),
): Promise<InvitedToCard[]> {
  if (organizer.emailVerifiedAt === null) return [];
  const invitations = (await data.db.invitations.listBy("email-invitations", emailHash(organizer.email))).filter(
    (invitation) => invitation.revokedAt === null,
  );
  if (invitations.length === 0) return [];
  const [events, hosts, responses] = await Promise.all([
    data.db.events.getMany(invitations.map((i) => i.eventId)),
    data.db.organizers.getMany(invitations.map((i) => i.organizerId)),
    data.db.responses.getMany(invitations.map((i) => i.id)),
  ]);
  const cards: InvitedToCard[] = [];
  for (const invitation of invitations) {
    const event = events.get(invitation.eventId);
    const host = hosts.get(invitation.organizerId);
    // Events this organizer hosts (owns or co-hosts) are on the dashboard already.
    if (!event || !host || eventRole(event, organizer.id) !== null) continue;
    if (event.status !== "published" || isPast(event, now)) continue;
    const token = data.invitations.tokenOf(invitation);
    const response = responses.get(invitation.id);
    cards.push({
      invitationId: invitation.id,
      eventTitle: event.title,
      hostName: organizerName(host),
      householdName: invitation.guests.name,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: event.timeZone,
      locationName: event.locationName,
      rsvpPath: token ? `/rsvp/${token}` : null,
      answered: response !== undefined && Object.keys(response.answers).length > 0,
    });
  }
  return cards.sort((a, b) => a.startsAt - b.startsAt || a.invitationId.localeCompare(b.invitationId));
}
