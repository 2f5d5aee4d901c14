import { z } from "zod";
import { defineRecord } from "../data/collection";
import { idSchema, timestampSchema, versionSchema } from "../data/records";

/**
 * The durable mail queue: one record per mail to send, written in the same commit as the change that causes
 * it (sending invitations, cancelling an event, an answer). A mail is identified by its idempotency key,
 * `<invitation id>.<kind>[.<n>]`, claimed once through the unique pointer `mail-keys:<key>`: however many
 * requests, ticks or instances race, one key is one record and so at most one mail.
 */

export const MAIL_KINDS = [
  "invitation",
  "cancellation",
  "confirmation",
  "reminder-deadline",
  "reminder-event",
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const MAIL_STATUSES = ["queued", "sending", "sent", "skipped"] as const;

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

export function mailKey(invitationId: string, kind: MailKind, suffix?: string): string {
  return suffix ? `${invitationId}.${kind}.${suffix}` : `${invitationId}.${kind}`;
}

/** What the organizer sees per mail: not sent / queued / sent at … / failed: reason. */
export function deliveryState(job: MailJob | undefined): {
  label: string;
  tone: "none" | "queued" | "sent" | "failed" | "skipped";
} {
  if (!job) return { label: "not sent", tone: "none" };
  if (job.status === "sent") return { label: "sent", tone: "sent" };
  if (job.status === "skipped") return { label: `not sent: ${job.lastError ?? "skipped"}`, tone: "skipped" };
  if (job.lastError) return { label: `failed: ${job.lastError} (retrying)`, tone: "failed" };
  return { label: "queued", tone: "queued" };
}

/** Retry delay after `attempts` failed attempts: 30 s, 1, 2, 4 … minutes, at most an hour, with jitter. */
export function retryDelayMs(attempts: number, random = Math.random()): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
  return Math.round(base * (0.8 + 0.4 * random));
}
