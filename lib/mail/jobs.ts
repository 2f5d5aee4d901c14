import type { MailJob, MailKind } from "../data/mail-records";

/**
 * The durable mail queue: one record per mail to send, written in the same commit as the change that causes
 * it (sending invitations, cancelling an event, an answer). A mail is identified by its idempotency key,
 * `<invitation id>.<kind>[.<n>]`, claimed once through the unique pointer `mail-keys:<key>`: however many
 * requests, ticks or instances race, one key is one record and so at most one mail.
 */

export {
  MAIL_JOBS,
  MAIL_KEY_PATTERN,
  MAIL_KINDS,
  MAIL_STATUSES,
  mailJobSchema,
  OUTGOING,
  type MailJob,
  type MailKind,
  type MailStatus,
} from "../data/mail-records";

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
