import "server-only";
import type { CohostInvite } from "../data/cohosts";
import { transact } from "../data/commit";
import type { PartyEvent } from "../data/events";
import { getPartyData } from "../data";
import type { PartyData } from "../data/party";
import type { Result } from "../data/records";
import type { AcceptFailure, InviteFailure } from "../data/repo-cohosts";
import { queueMail } from "../mail/queue";

/**
 * The co-host use cases. Each is one commit in lib/data/repo-cohosts.ts, which decides the caller's role on the
 * event as read in that commit (eventRole): only the owner invites, revokes, removes and hands over; a
 * co-host may leave. The caller (a Server Action) has already passed requireEventRole.
 */

/** Invites `email` to co-host; the mail with the one-time link is queued in the same commit. */
export function inviteCohost(
  data: PartyData,
  ownerId: string,
  eventId: string,
  email: string,
): Promise<Result<CohostInvite, InviteFailure>> {
  return transact(data.db.store, { what: "invite co-host" }, async (work) => {
    const planned = await data.cohosts.planInvite(work, ownerId, eventId, email);
    if (!planned.ok) return planned;
    await queueMail(data.db, work, {
      organizerId: ownerId,
      eventId,
      invitationId: planned.value.id,
      kind: "cohost-invite",
    });
    return planned;
  });
}

export function revokeCohostInvite(data: PartyData, ownerId: string, eventId: string, inviteId: string) {
  return data.cohosts.revokeInvite(ownerId, eventId, inviteId);
}

export function removeCohost(data: PartyData, ownerId: string, eventId: string, cohostId: string) {
  return data.cohosts.remove(ownerId, eventId, cohostId);
}

export function leaveEvent(data: PartyData, cohostId: string, eventId: string) {
  return data.cohosts.leave(cohostId, eventId);
}

export function transferOwnership(
  data: PartyData,
  ownerId: string,
  eventId: string,
  newOwnerId: string,
): Promise<Result<PartyEvent>> {
  return data.cohosts.transfer(ownerId, eventId, newOwnerId);
}

/** What the accept page shows for a link: the event's title and the invited address (null: not usable). */
export async function openCohostInvite(
  token: string,
): Promise<{ eventTitle: string; email: string; expired: boolean } | null> {
  const found = await getPartyData().cohosts.findByToken(token);
  if (!found) return null;
  return { eventTitle: found.event.title, email: found.invite.email, expired: found.invite.expiresAt <= Date.now() };
}

export function acceptCohostInvite(
  data: PartyData,
  organizerId: string,
  token: string,
): Promise<Result<{ eventId: string }, AcceptFailure>> {
  return data.cohosts.accept(organizerId, token);
}
