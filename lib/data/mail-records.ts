import { z } from "zod";
import { defineRecord } from "./collection";
import { idSchema, timestampSchema, versionSchema } from "./records";

/**
 * The mail records' declarations (the queue's jobs, the opt-outs, the per-event settings key). They live in
 * lib/data, below lib/mail, because the data layer's own commits and checks need them: deleting an event
 * removes its mail in the same commit, and `npm run data -- check` walks them for orphans. lib/mail re-exports
 * them and owns what they mean (queueing, sending, unsubscribing).
 *
 * The durable mail queue: one record per mail to send, written in the same commit as the change that causes
 * it (sending invitations, cancelling an event, an answer, an announcement). A mail is identified by its
 * idempotency key, `<invitation id>.<kind>[.<n>]`, claimed once through the unique pointer `mail-keys:<key>`:
 * however many requests, ticks or instances race, one key is one record and so at most one mail.
 */

export const MAIL_KINDS = [
  "invitation",
  "cancellation",
  "confirmation",
  "reminder-deadline",
  "reminder-event",
  "announcement",
  // A place opened up and the host promoted someone of the household from the waitlist: "you're in".
  "promotion",
  // To an organizer asked to co-host: `invitationId` names the co-host invitation (lib/data/cohosts.ts).
  "cohost-invite",
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const MAIL_STATUSES = ["queued", "sending", "sent", "skipped"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const MAIL_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}\.[a-z-]{1,40}(\.[A-Za-z0-9_-]{1,40})?$/;

/** The owner of the set of mail not yet sent (`mail-due:outgoing`): one queue per store. */
export const OUTGOING = "outgoing";

export const mailJobSchema = z.object({
  id: idSchema,
  key: z.string().regex(MAIL_KEY_PATTERN),
  organizerId: idSchema,
  eventId: idSchema,
  invitationId: idSchema,
  kind: z.enum(MAIL_KINDS),
  /** For an announcement mail: the announcement it carries (gone by the time it is sent: skipped). */
  announcementId: idSchema.optional(),
  status: z.enum(MAIL_STATUSES),
  /** Delivery attempts started (a claim counts as one). */
  attempts: z.number().int().nonnegative(),
  /** When the worker may (re)try it. */
  nextAttemptAt: timestampSchema,
  /** While sending: until when the claimer owns it. A claim past its lease (a crashed sender) is taken over. */
  leaseUntil: timestampSchema.nullable(),
  leaseOwner: z.string().max(100).nullable(),
  /** Why the last attempt failed (shown to the organizer), or why it was skipped. */
  lastError: z.string().max(500).nullable(),
  sentAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: versionSchema,
});

export type MailJob = z.infer<typeof mailJobSchema>;

export const MAIL_JOBS = defineRecord<MailJob>({
  namespace: "mail-jobs",
  label: "mail",
  schema: mailJobSchema,
  id: (j) => j.id,
  owners: (j) => [j.organizerId],
  indexes: [
    { set: "event-mail", owners: (j) => [j.eventId] },
    { set: "mail-due", owners: (j) => (j.status === "queued" || j.status === "sending" ? [OUTGOING] : []) },
    // Invitation mails: the events the reminder scheduler looks at (lib/mail/reminders.ts).
    { set: "mail-reminders", owners: (j) => (j.kind === "invitation" ? ["candidates"] : []) },
  ],
  unique: [{ namespace: "mail-keys", field: "jobId", value: (j) => j.key }],
  parents: (j) => [`events:${j.eventId}`],
});

const optOutSchema = z.object({
  /** The invitation's id: one opt-out per household and event. */
  id: idSchema,
  organizerId: idSchema,
  eventId: idSchema,
  at: timestampSchema,
  version: versionSchema,
});

export type MailOptOut = z.infer<typeof optOutSchema>;

/**
 * One-click unsubscribe per household and event (lib/mail/unsubscribe.ts). Indexed by event, so the event page
 * reads its opt-outs in the same round trip as the rest of its data.
 */
export const MAIL_OPT_OUTS = defineRecord<MailOptOut>({
  namespace: "mail-optouts",
  label: "unsubscribe",
  schema: optOutSchema,
  id: (o) => o.id,
  owners: (o) => [o.organizerId],
  indexes: [{ set: "event-optouts", owners: (o) => [o.eventId] }],
  unique: [],
  parents: (o) => [`events:${o.eventId}`],
});

export const optOutKey = (invitationId: string) => `${MAIL_OPT_OUTS.namespace}:${invitationId}`;

/** Per-event mail settings, a plain value beside the event (lib/mail/settings.ts). */
export const mailSettingsKey = (eventId: string) => `mail-settings:${eventId}`;
