import { transact } from "../data/commit";
import { readEventFamily, type PartyDb } from "../data/db";
import { EVENTS } from "../data/events";
import { MAIL_JOBS, mailJobSchema, type MailJob } from "./jobs";
import { listEventMail, queueMail } from "./queue";
import { DEFAULT_DEADLINE_REMINDER_DAYS, readMailSettings } from "./settings";

/**
 * Reminders, each at most once per household and kind (the mail's idempotency key is `<invitation>.<kind>`):
 * N days before the RSVP deadline to mailed households that have not answered, and the day before the event
 * to households with someone attending. Only households that were mailed an invitation get reminders.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a reminder window is open at `now`. */
export function reminderWindows(
  event: { startsAt: number; rsvpDeadline: number | null },
  now: number,
  deadlineDays = DEFAULT_DEADLINE_REMINDER_DAYS,
) {
  return {
    deadline:
      deadlineDays > 0 &&
      event.rsvpDeadline !== null &&
      now >= event.rsvpDeadline - deadlineDays * DAY_MS &&
      now < event.rsvpDeadline,
    event: now >= event.startsAt - DAY_MS && now < event.startsAt,
  };
}

/** Events that have had invitation mail (the set `mail-reminders:events` lists their invitation mails). */
async function mailedEventIds(db: PartyDb): Promise<string[]> {
  const entries = await db.store.readIndex("mail-reminders:candidates", MAIL_JOBS.namespace);
  const ids = new Set<string>();
  for (const { value } of entries) {
    const job = mailJobSchema.safeParse(value);
    if (job.success) ids.add(job.data.eventId);
  }
  return [...ids];
}

/** Queues the reminders due at `now`; returns how many were queued (0 on a second run). */
export async function scheduleReminders(db: PartyDb, now: number): Promise<number> {
  let queued = 0;
  const events = await db.events.getMany(await mailedEventIds(db));
  for (const event of events.values()) {
    if (event.status !== "published" || event.startsAt <= now) continue;
    const windows = reminderWindows(event, now, (await readMailSettings(db, event.id)).deadlineReminderDays);
    if (!windows.deadline && !windows.event) continue;
    queued += await transact(db.store, { what: "queue reminders", now }, async (work) => {
      const family = await readEventFamily(db, event.id);
      if (!family || family.event.status !== "published") return 0;
      work.read(EVENTS, family.event);
      const mailed = new Set(
        (await listEventMail(db, event.id))
          .filter((j: MailJob) => j.kind === "invitation" && j.status === "sent")
          .map((j) => j.invitationId),
      );
      let count = 0;
      for (const invitation of family.invitations) {
        if (!mailed.has(invitation.id) || invitation.revokedAt !== null) continue;
        const answers = Object.values(family.responses.get(invitation.id)?.answers ?? {});
        const input = { organizerId: event.organizerId, eventId: event.id, invitationId: invitation.id };
        if (
          windows.deadline &&
          answers.length === 0 &&
          (await queueMail(db, work, { ...input, kind: "reminder-deadline" }))
        )
          count += 1;
        if (
          windows.event &&
          answers.some((a) => a.status === "attending") &&
          (await queueMail(db, work, { ...input, kind: "reminder-event" }))
        )
          count += 1;
      }
      return count;
    });
  }
  return queued;
}
