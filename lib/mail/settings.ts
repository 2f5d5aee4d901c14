import { z } from "zod";
import { transact } from "../data/commit";
import type { PartyDb } from "../data/db";
import { EVENTS } from "../data/events";
import { mailSettingsKey } from "../data/mail-records";
import { fail, isId, ok, type Result } from "../data/records";

/**
 * Per-event mail settings, kept beside the event (`mail-settings:<event>`) rather than in it, so the event's
 * own record and form stay the organizer's details. Absent: the defaults.
 */

export const DEFAULT_DEADLINE_REMINDER_DAYS = 3;
export const MAX_DEADLINE_REMINDER_DAYS = 30;

export const mailSettingsSchema = z.object({
  /** Days before the RSVP deadline to remind households that have not answered; 0: no such reminder. */
  deadlineReminderDays: z.number().int().min(0).max(MAX_DEADLINE_REMINDER_DAYS),
});

export type MailSettings = z.infer<typeof mailSettingsSchema>;

export const mailSettingsInputSchema = z.object({
  deadlineReminderDays: z
    .string()
    .trim()
    .regex(/^\d{1,2}$/, { error: `Enter a whole number of days from 0 (no reminder) to ${MAX_DEADLINE_REMINDER_DAYS}` })
    .transform(Number)
    .refine((n) => n <= MAX_DEADLINE_REMINDER_DAYS, {
      error: `Enter a whole number of days from 0 (no reminder) to ${MAX_DEADLINE_REMINDER_DAYS}`,
    }),
});

export { mailSettingsKey } from "../data/mail-records";

export function parseMailSettings(value: unknown): MailSettings {
  const parsed = mailSettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : { deadlineReminderDays: DEFAULT_DEADLINE_REMINDER_DAYS };
}

export async function readMailSettings(db: PartyDb, eventId: string): Promise<MailSettings> {
  return parseMailSettings(await db.store.get(mailSettingsKey(eventId)));
}

/** Saves an owned event's mail settings (guarded by the event: a deleted event gets none). */
export function saveMailSettings(
  db: PartyDb,
  organizerId: string,
  eventId: string,
  settings: MailSettings,
): Promise<Result<MailSettings>> {
  if (!isId(eventId)) return Promise.resolve(fail("not-found"));
  return transact(db.store, { what: "save mail settings" }, async (work) => {
    const event = await db.events.getOwned(organizerId, eventId);
    if (!event) return fail("not-found");
    work.read(EVENTS, event);
    const value = mailSettingsSchema.parse(settings);
    work.putValue(mailSettingsKey(eventId), value);
    return ok(value);
  });
}
