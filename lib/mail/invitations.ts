import { transact } from "../data/commit";
import type { PartyDb } from "../data/db";
import { EVENTS, type PartyEvent } from "../data/events";
import { INVITATIONS, type Invitation } from "../data/invitations";
import { fail, isId, ok, type Result } from "../data/records";
import { deliveryState, type MailJob } from "./jobs";
import { listEventMail, queueMail, recipientsOf } from "./queue";
import { optOutKey, readEventOptOuts } from "./unsubscribe";

/**
 * The organizer's side of mailing an event: which invitations can be mailed, sending (and resending)
 * invitations, and cancelling an event with a mail to those invited. Each is one commit with the mails it queues.
 */

export interface InvitationMailRow {
  invitation: Invitation;
  recipients: string[];
  /** Invitation mails of this invitation (the first and every resend), oldest first. */
  invitationMails: MailJob[];
  /** Every mail of this invitation, oldest first (what was sent to whom, and when). */
  mails: MailJob[];
  optedOut: boolean;
  /** Not mailed yet: the "Send invitations" list ticks these. */
  canSend: boolean;
  state: ReturnType<typeof deliveryState>;
}

/** What the event page shows per invitation, from what it read in its one round trip (see readEventMail). */
export function invitationMailRows(
  invitations: readonly Invitation[],
  mail: { jobs: readonly MailJob[]; optedOut: ReadonlySet<string> },
): InvitationMailRow[] {
  return invitations.map((invitation) => {
    const mails = mail.jobs.filter((j) => j.invitationId === invitation.id);
    const invitationMails = mails.filter((j) => j.kind === "invitation");
    const recipients = recipientsOf(invitation).map((r) => r.address);
    const optedOut = mail.optedOut.has(invitation.id);
    return {
      invitation,
      recipients,
      invitationMails,
      mails,
      optedOut,
      canSend: invitationMails.length === 0 && recipients.length > 0 && !optedOut && invitation.revokedAt === null,
      state: deliveryState(invitationMails.at(-1)),
    };
  });
}

/** An event's mails and opt-outs: reads that need nothing else first, so a page issues them with its others. */
export async function readEventMail(db: PartyDb, eventId: string): Promise<{ jobs: MailJob[]; optedOut: Set<string> }> {
  const [jobs, optedOut] = await Promise.all([listEventMail(db, eventId), readEventOptOuts(db, eventId)]);
  return { jobs, optedOut };
}

export async function loadInvitationMail(
  db: PartyDb,
  eventId: string,
  invitations: readonly Invitation[],
): Promise<InvitationMailRow[]> {
  return invitationMailRows(invitations, await readEventMail(db, eventId));
}

export type SendFailure = "not-found" | "not-published";

/**
 * Queues an invitation mail for each given invitation of this organizer's published event, in one commit
 * guarded by the event (a cancel landing meanwhile makes it decide again, and then refuse). An invitation
 * already mailed is not mailed again unless `resend` names how many invitation mails the organizer saw for it
 * (a double-submitted "Resend" queues one mail, not two). Invitations without an address, revoked or opted
 * out are left out.
 */
export async function sendInvitationMail(
  db: PartyDb,
  organizerId: string,
  eventId: string,
  requests: readonly { invitationId: string; resend?: number }[],
  now = Date.now(),
): Promise<Result<{ queued: string[] }, SendFailure>> {
  if (!isId(eventId) || !requests.every((r) => isId(r.invitationId))) return fail("not-found");
  return transact(db.store, { what: "send invitations", now }, async (work) => {
    const event = await db.events.getOwned(organizerId, eventId);
    if (!event) return fail("not-found");
    if (event.status !== "published") return fail("not-published");
    work.read(EVENTS, event);
    const invitations = await db.invitations.getMany(requests.map((r) => r.invitationId));
    const optOuts = await db.store.getMany(requests.map((r) => optOutKey(r.invitationId)));
    const queued: string[] = [];
    for (const [i, request] of requests.entries()) {
      const invitation = invitations.get(request.invitationId);
      if (!invitation || invitation.eventId !== eventId) return fail("not-found");
      if (invitation.revokedAt !== null || optOuts[i] !== null || recipientsOf(invitation).length === 0) continue;
      work.read(INVITATIONS, invitation);
      const suffix = request.resend ? `r${request.resend}` : undefined;
      // Mail is signed by the event's owner, whichever of its hosts sent it.
      const ownerId = event.organizerId;
      if (
        await queueMail(db, work, {
          organizerId: ownerId,
          eventId,
          invitationId: invitation.id,
          kind: "invitation",
          suffix,
        })
      )
        queued.push(invitation.id);
    }
    return ok({ queued });
  });
}

/**
 * Cancels an event and, in the same commit, queues a cancellation mail to every household that was mailed an
 * invitation (and did not opt out).
 */
export async function cancelEventWithMail(
  db: PartyDb,
  organizerId: string,
  eventId: string,
  now = Date.now(),
): Promise<Result<PartyEvent>> {
  if (!isId(eventId)) return fail("not-found");
  return transact(db.store, { what: "cancel event", now }, async (work) => {
    const found = await db.events.getOwned(organizerId, eventId);
    if (!found) return fail("not-found");
    const event = work.read(EVENTS, found);
    const updated = work.put(EVENTS, { ...event, status: "cancelled" as const, updatedAt: now });
    if (found.status === "cancelled") return ok(updated);
    const mailed = new Set(
      (await listEventMail(db, eventId))
        .filter((j) => j.kind === "invitation" && j.status !== "skipped")
        .map((j) => j.invitationId),
    );
    for (const invitationId of mailed) {
      await queueMail(db, work, {
        organizerId: event.organizerId,
        eventId,
        invitationId,
        kind: "cancellation",
        suffix: `c${found.version}`,
      });
    }
    return ok(updated);
  });
}
