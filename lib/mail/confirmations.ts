import type { UnitOfWork } from "../data/commit";
import type { PartyDb } from "../data/db";
import type { PartyEvent } from "../data/events";
import type { Invitation } from "../data/invitations";
import type { ResponseRecord } from "../data/rsvps";
import { queueMail, recipientsOf } from "./queue";
import { optOutKey } from "./unsubscribe";

/**
 * After a household answers (or changes its answer) through its link, or the host sets an answer for it: one confirmation mail with its answers,
 * claimed dishes and link, queued in the commit that saves the answer. Its key carries the response's new
 * version, so each saved change is confirmed once, and a decision made again does not queue a second one.
 * Not for a household without an address or that opted out.
 */
export function queueConfirmation(db: PartyDb, work: UnitOfWork, saved: SavedAnswer): Promise<void> {
  return queueAnswerMail(db, work, saved, "confirmation");
}

/**
 * The host promoted someone of the household from the waitlist: a "you're in" mail, queued in the commit that
 * gives the place (keyed by the response's new version: one per promotion). Not for a household without an
 * address or that opted out.
 */
export function queuePromotion(db: PartyDb, work: UnitOfWork, saved: SavedAnswer): Promise<void> {
  return queueAnswerMail(db, work, saved, "promotion");
}

type SavedAnswer = { invitation: Invitation; event: PartyEvent; response: ResponseRecord };

/** Both mails about a saved answer: published events only, to a household with an address that did not opt out. */
async function queueAnswerMail(
  db: PartyDb,
  work: UnitOfWork,
  saved: SavedAnswer,
  kind: "confirmation" | "promotion",
): Promise<void> {
  const { invitation, event, response } = saved;
  if (event.status !== "published" || recipientsOf(invitation).length === 0) return;
  if ((await db.store.get(optOutKey(invitation.id))) !== null) return;
  await queueMail(db, work, {
    organizerId: invitation.organizerId,
    eventId: event.id,
    invitationId: invitation.id,
    kind,
    suffix: `v${response.version}`,
  });
}
