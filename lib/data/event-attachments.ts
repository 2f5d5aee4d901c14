import type { UnitOfWork } from "./commit";
import { parseRecord, recordKey, type RecordSpec, type Versioned } from "./collection";
import type { PartyDb } from "./db";
import { MAIL_JOBS, MAIL_OPT_OUTS, mailSettingsKey, type MailJob, type MailOptOut } from "./mail-records";
import {
  ANNOUNCEMENTS,
  COMMENTS,
  COMMENTS_PER_HOUSEHOLD,
  commentSlotId,
  type Announcement,
  type GuestComment,
} from "./messages";
import { SUMMARIES, type EventSummary } from "./summaries";

/**
 * What hangs off an event besides its guests and potluck: its mail (jobs, opt-outs, settings), its
 * announcements and its guests' comments. Each of these is created in a commit that also moves the event's
 * summary (noteEventChild), so a commit guarded by the summary as read (deleting the event) cannot miss one
 * that lands meanwhile: read the summary first, then these sets (as readEventFamily does).
 */

export interface EventAttachments {
  mailJobs: MailJob[];
  optOuts: MailOptOut[];
  announcements: Announcement[];
  comments: GuestComment[];
  /** Index entries naming no record, dropped with the event. */
  dangling: { setKey: string; member: string }[];
}

async function readSet<T extends Versioned>(
  db: PartyDb,
  set: string,
  eventId: string,
  spec: RecordSpec<T>,
  belongs: (record: T) => boolean,
  dangling: EventAttachments["dangling"],
): Promise<T[]> {
  const setKey = `${set}:${eventId}`;
  const records: T[] = [];
  for (const { member, value } of await db.store.readIndex(setKey, spec.namespace)) {
    if (value === null) {
      dangling.push({ setKey, member });
      continue;
    }
    const record = parseRecord(spec, recordKey(spec, member), value);
    if (record && spec.id(record) === member && belongs(record)) records.push(record);
  }
  return records;
}

/** One round trip (four index reads issued at once). */
export async function readEventAttachments(db: PartyDb, eventId: string): Promise<EventAttachments> {
  const dangling: EventAttachments["dangling"] = [];
  const [mailJobs, optOuts, announcements, comments] = await Promise.all([
    readSet(db, "event-mail", eventId, MAIL_JOBS, (j) => j.eventId === eventId, dangling),
    readSet(db, "event-optouts", eventId, MAIL_OPT_OUTS, (o) => o.eventId === eventId, dangling),
    readSet(db, "event-announcements", eventId, ANNOUNCEMENTS, (a) => a.eventId === eventId, dangling),
    readSet(db, "event-comments", eventId, COMMENTS, (c) => c.eventId === eventId, dangling),
  ]);
  return { mailJobs, optOuts, announcements, comments, dangling };
}

/** Removes them all (each guarded at the version read), with the event's mail settings. */
export function planDeleteAttachments(work: UnitOfWork, eventId: string, attachments: EventAttachments): void {
  for (const job of attachments.mailJobs) work.remove(MAIL_JOBS, work.read(MAIL_JOBS, job));
  for (const optOut of attachments.optOuts) work.remove(MAIL_OPT_OUTS, work.read(MAIL_OPT_OUTS, optOut));
  for (const a of attachments.announcements) work.remove(ANNOUNCEMENTS, work.read(ANNOUNCEMENTS, a));
  for (const c of attachments.comments) work.remove(COMMENTS, work.read(COMMENTS, c));
  for (const { setKey, member } of attachments.dangling) work.dropIndexEntry(setKey, member);
  work.removeValue(mailSettingsKey(eventId));
}

/**
 * Moves the event's summary (its updatedAt) in a commit that creates something hanging off the event, so a
 * commit guarded by the summary (deleting the event) decides again and sees it. An adjust, not a read: many
 * such commits at once are rebased one after another rather than decided again (see UnitOfWork.adjust).
 * No-op for an event without a summary (the caller's own guards refuse a deleted event).
 */
export async function noteEventChild(db: PartyDb, work: UnitOfWork, eventId: string): Promise<void> {
  const summary = work.current(SUMMARIES, eventId) ?? (await db.summaries.get(eventId));
  if (!summary) return;
  // Always a new value (even at a repeated clock reading), so the summary's version always moves.
  work.adjust(SUMMARIES, summary, (current: EventSummary) => ({
    ...current,
    updatedAt: Math.max(work.now, current.updatedAt + 1),
  }));
}

/**
 * The comments of households being taken off their events (uninvited, or deleted from the address book): one
 * read of their fixed slots. Read after the event's summary, which a comment posted meanwhile moves.
 */
export async function readInvitationComments(db: PartyDb, invitationIds: readonly string[]): Promise<GuestComment[]> {
  const keys = invitationIds.flatMap((id) =>
    Array.from({ length: COMMENTS_PER_HOUSEHOLD }, (_, slot) => recordKey(COMMENTS, commentSlotId(id, slot))),
  );
  if (keys.length === 0) return [];
  const values = await db.store.getMany(keys);
  return values.flatMap((value, i) => {
    const comment = parseRecord(COMMENTS, keys[i]!, value);
    return comment ? [comment] : [];
  });
}

/** A household leaves the wall with the event: its comments go in the same commit. */
export function planRemoveComments(work: UnitOfWork, comments: readonly GuestComment[]): void {
  for (const comment of comments) work.remove(COMMENTS, work.read(COMMENTS, comment));
}
