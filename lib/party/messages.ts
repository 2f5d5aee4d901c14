import { recordKey } from "../data/collection";
import { transact, type UnitOfWork } from "../data/commit";
import { noteEventChild } from "../data/event-attachments";
import { readEventFamily, type PartyDb } from "../data/db";
import { eventRole, EVENTS } from "../data/events";
import { INVITATIONS, type Invitation } from "../data/invitations";
import {
  ANNOUNCEMENTS,
  COMMENTS,
  COMMENTS_PER_HOUSEHOLD,
  commentSlotId,
  type Announcement,
  type AnnouncementAudience,
  type AnnouncementInput,
  type CommentInput,
  type GuestComment,
} from "../data/messages";
import type { PartyData } from "../data/party";
import { fail, isId, newId, ok, type Result } from "../data/records";
import type { ResponseRecord } from "../data/rsvps";
import { queueMail, recipientsOf } from "../mail/queue";
import { optOutKey } from "../mail/unsubscribe";
import type { GuestContext } from "./guest";

/**
 * Announcements (the host to every invited household) and the guests' message wall. Each change is one commit:
 * an announcement with the mails it queues, a comment within its household's slots (see commentSlotId).
 */

export type { Announcement, GuestComment } from "../data/messages";

/** Where a household stands, for an announcement's audience: someone coming, all declined, or not answered. */
export function householdAnswer(invitation: Invitation, response: ResponseRecord | null | undefined) {
  const statuses = invitation.guests.people.map((p) => response?.answers[p.id]?.status);
  if (statuses.includes("attending")) return "attending" as const;
  if (statuses.includes("maybe")) return "maybe" as const;
  if (statuses.length > 0 && statuses.every((s) => s === "not_attending")) return "not_attending" as const;
  return "undecided" as const;
}

async function readEventSet<T extends { eventId: string; createdAt: number }>(
  db: PartyDb,
  set: string,
  namespace: string,
  eventId: string,
  parse: (value: unknown) => T | undefined,
): Promise<T[]> {
  const records: T[] = [];
  for (const { value } of await db.store.readIndex(`${set}:${eventId}`, namespace)) {
    const record = parse(value);
    if (record && record.eventId === eventId) records.push(record);
  }
  // Newest first.
  return records.sort((a, b) => b.createdAt - a.createdAt);
}

export interface EventMessages {
  announcements: Announcement[];
  /** Every comment, hidden ones included (the host's view), newest first. */
  comments: GuestComment[];
}

/** An event's announcements and comments: two index reads issued at once (one round trip with a page's others). */
export async function readEventMessages(db: PartyDb, eventId: string): Promise<EventMessages> {
  if (!isId(eventId)) return { announcements: [], comments: [] };
  await db.ready();
  const [announcements, comments] = await Promise.all([
    readEventSet(
      db,
      "event-announcements",
      ANNOUNCEMENTS.namespace,
      eventId,
      (v) => ANNOUNCEMENTS.schema.safeParse(v).data,
    ),
    readEventSet(db, "event-comments", COMMENTS.namespace, eventId, (v) => COMMENTS.schema.safeParse(v).data),
  ]);
  return { announcements, comments };
}

/** What a guest sees: every announcement, and the comments the host has not hidden (theirs marked). */
export interface GuestWall {
  announcements: Announcement[];
  comments: (GuestComment & { mine: boolean })[];
  /** Comments this household may still post. */
  slotsLeft: number;
}

export function guestWallOf(messages: EventMessages, invitationId: string): GuestWall {
  const own = messages.comments.filter((c) => c.invitationId === invitationId).length;
  return {
    announcements: messages.announcements,
    comments: messages.comments
      .filter((c) => c.hiddenAt === null)
      .map((c) => ({ ...c, mine: c.invitationId === invitationId })),
    slotsLeft: Math.max(0, COMMENTS_PER_HOUSEHOLD - own),
  };
}

/**
 * Posts an announcement on an owned event and, in the same commit, queues its mail to every invited household
 * whose answer is in `audience` (with an address, a live link, and not unsubscribed). Mail goes out for a
 * published event only; the announcement itself shows on the RSVP pages whatever the status. One mail per
 * (announcement, invitation): the key is `<invitation>.announcement.<announcement id>`.
 */
export async function postAnnouncement(
  data: PartyData,
  organizerId: string,
  eventId: string,
  input: AnnouncementInput,
  now = Date.now(),
): Promise<Result<{ announcement: Announcement; mailed: number }>> {
  const { db } = data;
  if (!isId(eventId)) return fail("not-found");
  const id = newId();
  return transact(db.store, { what: "post announcement", now }, async (work) => {
    const family = await readEventFamily(db, eventId);
    if (!family || eventRole(family.event, organizerId) === null) return fail("not-found");
    const event = work.read(EVENTS, family.event);
    const announcement = work.create(ANNOUNCEMENTS, {
      id,
      organizerId,
      eventId,
      body: input.body,
      audience: [...input.audience],
      createdAt: now,
      version: 1,
    });
    await noteEventChild(db, work, eventId);
    if (event.status !== "published" || input.audience.length === 0) return ok({ announcement, mailed: 0 });
    const audience = new Set<AnnouncementAudience>(input.audience);
    const candidates = family.invitations.filter(
      (i) =>
        i.revokedAt === null &&
        recipientsOf(i).length > 0 &&
        audience.has(householdAnswer(i, family.responses.get(i.id))),
    );
    const optOuts = await db.store.getMany(candidates.map((i) => optOutKey(i.id)));
    let mailed = 0;
    for (const [index, invitation] of candidates.entries()) {
      if (optOuts[index] !== null) continue;
      const queued = await queueMail(db, work, {
        organizerId,
        eventId,
        invitationId: invitation.id,
        kind: "announcement",
        suffix: id,
        announcementId: id,
      });
      if (queued) mailed += 1;
    }
    return ok({ announcement, mailed });
  });
}

/** Deletes an owned announcement; its mails not sent yet are skipped when their turn comes. */
export async function deleteAnnouncement(
  data: PartyData,
  organizerId: string,
  announcementId: string,
): Promise<Result<Announcement>> {
  if (!isId(announcementId)) return fail("not-found");
  return transact(data.db.store, { what: "delete announcement" }, async (work) => {
    const found = await data.db.store.get(recordKey(ANNOUNCEMENTS, announcementId));
    const parsed = ANNOUNCEMENTS.schema.safeParse(found);
    if (!parsed.success) return fail("not-found");
    // Any host of its event may delete it (owner or co-host), decided on the event as read in this commit.
    const event = await data.db.events.get(parsed.data.eventId);
    if (!event || eventRole(work.read(EVENTS, event), organizerId) === null) return fail("not-found");
    work.remove(ANNOUNCEMENTS, work.read(ANNOUNCEMENTS, parsed.data));
    return ok(parsed.data);
  });
}

export type CommentFailure = "not-found" | "closed" | "too-many";

export const COMMENT_CAP_MESSAGE = `Your household has ${COMMENTS_PER_HOUSEHOLD} comments on this party already, the most there can be. Delete one of yours to write a new one.`;

/** The link's invitation, still valid, and its event, still taking comments: both guarded in the commit. */
async function admitCommenter(
  db: PartyDb,
  work: UnitOfWork,
  ctx: GuestContext,
): Promise<{ invitation: Invitation } | "not-found" | "closed"> {
  const invitation = await db.invitations.get(ctx.invitation.id);
  if (!invitation || invitation.tokenHash !== ctx.invitation.tokenHash || invitation.revokedAt !== null)
    return "not-found";
  const event = await db.events.get(invitation.eventId);
  if (!event || event.id !== ctx.event.id) return "not-found";
  work.read(INVITATIONS, invitation);
  work.read(EVENTS, event);
  // The wall is open while the event is published (after the RSVP deadline too); not for a draft or a cancelled one.
  if (event.status !== "published") return "closed";
  return { invitation };
}

/**
 * A guest's comment on the event's wall, in the first free slot of the household's COMMENTS_PER_HOUSEHOLD:
 * creating it guards the slot absent, so posts racing each other (two phones, two instances) never exceed
 * the cap.
 */
export async function postComment(
  data: PartyData,
  ctx: GuestContext,
  input: CommentInput,
  now = Date.now(),
): Promise<Result<GuestComment, CommentFailure>> {
  const { db } = data;
  return transact(db.store, { what: "post comment", now }, async (work) => {
    const admitted = await admitCommenter(db, work, ctx);
    if (typeof admitted === "string") return fail(admitted);
    const { invitation } = admitted;
    const slots = Array.from({ length: COMMENTS_PER_HOUSEHOLD }, (_, i) => commentSlotId(invitation.id, i));
    const taken = await db.store.getMany(slots.map((id) => recordKey(COMMENTS, id)));
    const free = taken.findIndex((value) => value === null);
    if (free === -1) return fail("too-many", COMMENT_CAP_MESSAGE);
    const comment = work.create(COMMENTS, {
      id: slots[free]!,
      organizerId: invitation.organizerId,
      eventId: invitation.eventId,
      invitationId: invitation.id,
      authorName: invitation.guests.name,
      body: input.body,
      hiddenAt: null,
      createdAt: now,
      version: 1,
    });
    await noteEventChild(db, work, invitation.eventId);
    return ok(comment);
  });
}

/** A guest deletes one of their household's own comments (any other id is "not found"). */
export async function deleteOwnComment(
  data: PartyData,
  ctx: GuestContext,
  commentId: string,
): Promise<Result<GuestComment, "not-found" | "closed">> {
  const { db } = data;
  if (!isId(commentId)) return fail("not-found");
  return transact(db.store, { what: "delete comment" }, async (work) => {
    const admitted = await admitCommenter(db, work, ctx);
    if (admitted === "not-found") return fail("not-found");
    const parsed = COMMENTS.schema.safeParse(await db.store.get(recordKey(COMMENTS, commentId)));
    if (!parsed.success || parsed.data.invitationId !== ctx.invitation.id) return fail("not-found");
    work.remove(COMMENTS, work.read(COMMENTS, parsed.data));
    return ok(parsed.data);
  });
}

/**
 * The host hides (or shows again) a comment on one of their events. `createdAt` is the comment the host saw:
 * a slot deleted and written again since is another comment, and is left alone.
 */
export async function setCommentHidden(
  data: PartyData,
  organizerId: string,
  commentId: string,
  createdAt: number,
  hidden: boolean,
  now = Date.now(),
): Promise<Result<GuestComment>> {
  const { db } = data;
  if (!isId(commentId)) return fail("not-found");
  return transact(db.store, { what: hidden ? "hide comment" : "show comment", now }, async (work) => {
    const parsed = COMMENTS.schema.safeParse(await db.store.get(recordKey(COMMENTS, commentId)));
    if (!parsed.success || parsed.data.createdAt !== createdAt) return fail("not-found");
    // Any host of its event may hide it (owner or co-host), decided on the event as read in this commit.
    const event = await db.events.get(parsed.data.eventId);
    if (!event || eventRole(work.read(EVENTS, event), organizerId) === null) return fail("not-found");
    const comment = work.read(COMMENTS, parsed.data);
    if ((comment.hiddenAt !== null) === hidden) return ok(comment);
    return ok(work.put(COMMENTS, { ...comment, hiddenAt: hidden ? now : null }));
  });
}
