import { randomBytes } from "node:crypto";
import { createElement } from "react";
import { parseRecord, recordKey } from "../data/collection";
import { ANNOUNCEMENTS } from "../data/messages";
import { transact, type UnitOfWork } from "../data/commit";
import { noteEventChild } from "../data/event-attachments";
import type { PartyDb } from "../data/db";
import type { PartyEvent } from "../data/events";
import { personName } from "../data/households";
import { hashRsvpToken, type Invitation } from "../data/invitations";
import { CATEGORY_LABELS } from "../data/potluck";
import { plusOnesComing, RESPONSE_LABELS } from "../data/rsvps";
import { eventIcs } from "./ics";
import { formatInstant, formatRange } from "../time";
import { composeMime, headerSafe, type Recipient } from "./compose";
import type { MailTransport } from "./delivery";
import { MAIL_JOBS, mailJobSchema, mailKey, OUTGOING, retryDelayMs, type MailJob, type MailKind } from "./jobs";
import { renderMail } from "./render";
import {
  AnnouncementMail,
  CancellationMail,
  CohostInviteMail,
  ConfirmationMail,
  InvitationMail,
  PromotionMail,
  ReminderMail,
  type PartyMailProps,
} from "./templates";
import { cohostInviteState } from "../data/cohosts";
import { organizerName } from "../data/organizers";
import { optOutKey, unsubscribeToken } from "./unsubscribe";

/** How long a claim owns a mail: far longer than one SMTP attempt may take (10 + 10 + 20 s timeouts). */
export const DEFAULT_LEASE_MS = 2 * 60_000;

export interface QueueMailInput {
  organizerId: string;
  eventId: string;
  invitationId: string;
  kind: MailKind;
  /** Distinguishes deliberate repeats of one kind (a resend, a confirmation of a changed answer). */
  suffix?: string;
  /** The announcement an "announcement" mail carries. */
  announcementId?: string;
}

/**
 * Stages one mail in a change being decided: it is written by the same commit as the change that causes it,
 * or not at all. A mail whose key exists already is not queued again (returns false); two changes racing to
 * queue one key both guard the key's pointer absent, so one commits and the other decides again and sees it.
 */
export async function queueMail(db: PartyDb, work: UnitOfWork, input: QueueMailInput): Promise<boolean> {
  const key = mailKey(input.invitationId, input.kind, input.suffix);
  if ((await db.store.get(`mail-keys:${key}`)) !== null) return false;
  // Deleting the event guards its summary: moving it here means a delete racing this commit sees this mail.
  await noteEventChild(db, work, input.eventId);
  work.create(
    MAIL_JOBS,
    mailJobSchema.parse({
      id: randomBytes(12).toString("base64url"),
      key,
      organizerId: input.organizerId,
      eventId: input.eventId,
      invitationId: input.invitationId,
      kind: input.kind,
      ...(input.announcementId ? { announcementId: input.announcementId } : {}),
      status: "queued",
      attempts: 0,
      nextAttemptAt: work.now,
      leaseUntil: null,
      leaseOwner: null,
      lastError: null,
      sentAt: null,
      createdAt: work.now,
      updatedAt: work.now,
      version: 1,
    }),
  );
  return true;
}

/** Every mail of an event (sent or not), oldest first: what the organizer's page shows per invitation. */
export async function listEventMail(db: PartyDb, eventId: string): Promise<MailJob[]> {
  const entries = await db.store.readIndex(`event-mail:${eventId}`, MAIL_JOBS.namespace);
  const jobs: MailJob[] = [];
  for (const { value } of entries) {
    const parsed = mailJobSchema.safeParse(value);
    if (parsed.success && parsed.data.eventId === eventId) jobs.push(parsed.data);
  }
  return jobs.sort((a, b) => a.createdAt - b.createdAt || a.key.localeCompare(b.key));
}

/** The addresses of an invitation's household (its people's, deduplicated), as zod validated them. */
export function recipientsOf(invitation: Invitation): Recipient[] {
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  for (const person of invitation.guests.people) {
    if (!person.email || seen.has(person.email)) continue;
    seen.add(person.email);
    recipients.push({ name: personName(person), address: person.email });
  }
  return recipients;
}

export interface QueueWorkerOptions {
  db: PartyDb;
  transport: MailTransport;
  from: string;
  /** Public origin for the links in mail. */
  appUrl: string;
  /** Signs unsubscribe links (the newest session secret). */
  linkSecret: string;
  /** Who claims (for the lease); unique per process. */
  owner?: string;
  leaseMs?: number;
  /** At most this many mails per run. */
  limit?: number;
  now?: () => number;
}

export interface QueueRunReport {
  sent: number;
  failed: number;
  skipped: number;
}

type Built =
  | { skip: string }
  | {
      to: Recipient[];
      subject: string;
      html: string;
      text: string;
      ics?: { content: string; method: "PUBLISH" | "CANCEL"; filename: string };
      /** Party mail only (a household can stop it); none for mail to an organizer. */
      unsubscribe?: boolean;
    };

/** The co-host link, built at send time from its sealed token; skipped once used, revoked or expired. */
async function buildCohostInviteMail(options: QueueWorkerOptions, job: MailJob): Promise<Built> {
  const { db } = options;
  const [invite, event, organizer] = await Promise.all([
    db.cohostInvites.get(job.invitationId),
    db.events.get(job.eventId),
    db.organizers.get(job.organizerId),
  ]);
  if (!event || !organizer) return { skip: "the event was deleted" };
  if (!invite || invite.eventId !== event.id) return { skip: "the co-host invitation was withdrawn" };
  const state = cohostInviteState(invite, options.now?.() ?? Date.now());
  if (state !== "pending") return { skip: `the co-host invitation is ${state}` };
  const token = invite.sealedToken ? db.vault.open(invite.sealedToken) : null;
  if (!token) return { skip: "the co-host link cannot be opened (its secret was rotated): invite again" };
  const hostName = organizerName(organizer);
  return {
    to: [{ name: invite.email, address: invite.email }],
    subject: `${hostName} asks you to co-host ${event.title}`,
    ...renderMail(
      createElement(CohostInviteMail, {
        hostName,
        eventTitle: event.title,
        when: formatRange(event.startsAt, event.endsAt, event.timeZone),
        acceptUrl: `${options.appUrl}/organizer/cohost/${token}`,
        email: invite.email,
        expires: formatInstant(invite.expiresAt, event.timeZone),
      }),
    ),
    unsubscribe: false,
  };
}

async function buildMail(options: QueueWorkerOptions, job: MailJob): Promise<Built> {
  const { db } = options;
  if (job.kind === "cohost-invite") return buildCohostInviteMail(options, job);
  const [event, invitation, organizer, optedOut] = await Promise.all([
    db.events.get(job.eventId),
    db.invitations.get(job.invitationId),
    db.organizers.get(job.organizerId),
    db.store.get(optOutKey(job.invitationId)),
  ]);
  if (!event || !organizer) return { skip: "the event was deleted" };
  if (!invitation || invitation.eventId !== event.id) return { skip: "the household was removed from the event" };
  if (optedOut !== null) return { skip: "unsubscribed" };
  if (job.kind !== "cancellation" && event.status !== "published") return { skip: `the event is ${event.status}` };
  const to = recipientsOf(invitation);
  if (to.length === 0) return { skip: "no email address" };
  const token = db.vault.open(invitation.sealedToken);
  const rsvpToken =
    token && hashRsvpToken(token) === invitation.tokenHash && invitation.revokedAt === null ? token : null;
  if (!rsvpToken && job.kind !== "cancellation") return { skip: "the RSVP link was revoked" };
  const hostName = `${organizer.firstName} ${organizer.lastName}`.trim();
  const props: PartyMailProps = {
    householdName: invitation.guests.name,
    eventTitle: event.title,
    when: formatRange(event.startsAt, event.endsAt, event.timeZone),
    where: [event.locationName, event.locationAddress].filter((s) => s.trim() !== "").join(", "),
    hostName,
    rsvpUrl: rsvpToken ? `${options.appUrl}/rsvp/${rsvpToken}` : options.appUrl,
    unsubscribeUrl: `${options.appUrl}/mail/unsubscribe/${unsubscribeToken(options.linkSecret, invitation.id)}`,
    description: event.description || undefined,
    deadline: event.rsvpDeadline !== null ? formatInstant(event.rsvpDeadline, event.timeZone) : null,
  };
  const ics = (method: "PUBLISH" | "CANCEL") => ({
    content: eventIcs(event, organizer),
    method,
    filename: "invitation.ics",
  });
  switch (job.kind) {
    case "invitation":
      return {
        to,
        subject: `Invitation: ${event.title}`,
        ...renderMail(createElement(InvitationMail, props)),
        ics: ics("PUBLISH"),
      };
    case "cancellation":
      return {
        to,
        subject: `Cancelled: ${event.title}`,
        ...renderMail(createElement(CancellationMail, props)),
        ics: ics("CANCEL"),
      };
    case "announcement": {
      const announcement = job.announcementId
        ? parseRecord(
            ANNOUNCEMENTS,
            recordKey(ANNOUNCEMENTS, job.announcementId),
            await db.store.get(recordKey(ANNOUNCEMENTS, job.announcementId)),
          )
        : null;
      if (!announcement || announcement.eventId !== event.id) return { skip: "the announcement was deleted" };
      return {
        to,
        subject: `News from ${hostName}: ${event.title}`,
        ...renderMail(createElement(AnnouncementMail, { ...props, message: announcement.body })),
      };
    }
    case "confirmation":
    case "promotion":
    case "reminder-event":
    case "reminder-deadline": {
      const { answers, bringing } = await answersOf(db, event, invitation);
      if (job.kind === "confirmation") {
        return {
          to,
          subject: `Your answer: ${event.title}`,
          ...renderMail(createElement(ConfirmationMail, { ...props, answers, bringing })),
        };
      }
      if (job.kind === "promotion") {
        return {
          to,
          subject: `You're in: ${event.title}`,
          ...renderMail(createElement(PromotionMail, { ...props, answers, bringing })),
          ics: ics("PUBLISH"),
        };
      }
      const reminder = job.kind === "reminder-event" ? "event" : "deadline";
      const subject = reminder === "event" ? `Tomorrow: ${event.title}` : `Please answer: ${event.title}`;
      return {
        to,
        subject,
        ...renderMail(createElement(ReminderMail, { ...props, reminder, bringing })),
        ics: ics("PUBLISH"),
      };
    }
  }
}

async function answersOf(
  db: PartyDb,
  event: PartyEvent,
  invitation: Invitation,
): Promise<{ answers: string[]; bringing: string[] }> {
  const [response, items] = await Promise.all([
    db.responses.get(invitation.id),
    db.items.listBy("event-potluck", event.id),
  ]);
  const labelOf = (answer: { status: keyof typeof RESPONSE_LABELS; waitlistedAt?: number } | undefined) =>
    answer?.status === "attending" && answer.waitlistedAt !== undefined
      ? "On the waitlist"
      : RESPONSE_LABELS[answer?.status ?? "no_reply"];
  const answers = invitation.guests.people.map((p) => `${personName(p)}: ${labelOf(response?.answers[p.id])}`);
  // The household's extra guests, when they come with it (see plusOnesComing).
  if (response && plusOnesComing(response.answers)) {
    for (const guest of response.plusOnes)
      answers.push(`${guest.name} (your guest): ${guest.waitlistedAt !== undefined ? "On the waitlist" : "Attending"}`);
  }
  const bringing = items.flatMap((item) => {
    const claim = item.claims.find((c) => c.householdId === invitation.householdId);
    const own = item.addedByHouseholdId === invitation.householdId;
    if (!claim && !own) return [];
    const quantity = claim?.quantity ?? item.quantity;
    return [`${quantity > 1 ? `${quantity} × ` : ""}${item.name} (${CATEGORY_LABELS[item.category]})`];
  });
  return { answers, bringing };
}

type Claimed = { job: MailJob } | null;

/** Takes a due mail for this worker: one commit guarded by the mail's version, so of racing workers one wins. */
async function claim(options: QueueWorkerOptions, job: MailJob, owner: string, now: number): Promise<Claimed> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  return transact(options.db.store, { what: "claim mail", now, attempts: 1 }, async (work) => {
    const raw = await options.db.store.get(recordKey(MAIL_JOBS, job.id));
    const current = mailJobSchema.safeParse(raw);
    if (!current.success || !isDue(current.data, now)) return null;
    const read = work.read(MAIL_JOBS, current.data);
    const claimed = work.put(MAIL_JOBS, {
      ...read,
      status: "sending",
      attempts: read.attempts + 1,
      leaseOwner: owner,
      leaseUntil: now + leaseMs,
      updatedAt: now,
    });
    return { job: claimed };
  }).catch((error: unknown) => {
    // Another worker claimed it first (the guard held for them, not us): not ours to send.
    if (error instanceof Error && error.name === "StoreBusyError") return null;
    throw error;
  });
}

/** Records the outcome, only while the claim is still ours (a lease that ran out belongs to someone else now). */
async function settle(
  options: QueueWorkerOptions,
  claimed: MailJob,
  owner: string,
  outcome: { sent: true } | { sent: false; error: string } | { skip: string },
  now: number,
): Promise<boolean> {
  return transact(options.db.store, { what: "record mail outcome", now }, async (work) => {
    const raw = await options.db.store.get(recordKey(MAIL_JOBS, claimed.id));
    const current = mailJobSchema.safeParse(raw);
    if (!current.success || current.data.status !== "sending" || current.data.leaseOwner !== owner) return false;
    const read = work.read(MAIL_JOBS, current.data);
    const base = { ...read, leaseOwner: null, leaseUntil: null, updatedAt: now };
    if ("skip" in outcome) work.put(MAIL_JOBS, { ...base, status: "skipped", lastError: outcome.skip.slice(0, 500) });
    else if (outcome.sent) work.put(MAIL_JOBS, { ...base, status: "sent", sentAt: now, lastError: null });
    else
      work.put(MAIL_JOBS, {
        ...base,
        status: "queued",
        lastError: outcome.error.slice(0, 500),
        nextAttemptAt: now + retryDelayMs(read.attempts),
      });
    return true;
  });
}

export function isDue(job: MailJob, now: number): boolean {
  if (job.status === "queued") return job.nextAttemptAt <= now;
  if (job.status === "sending") return job.leaseUntil !== null && job.leaseUntil <= now;
  return false;
}

/** A short, single-line reason for the organizer (no stack, no credentials). */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return headerSafe(message.replace(/\/\/[^@/\s]*@/g, "//***@"), 300) || "unknown error";
}

/**
 * Sends what is due: each mail is claimed (leased), built from the current records (a household removed from
 * the event, an opt-out or a deleted event skip it), delivered, and recorded sent; a failure puts it back with
 * the error and a growing delay. Safe to run at the same time in several processes or instances.
 */
export async function processMailQueue(options: QueueWorkerOptions): Promise<QueueRunReport> {
  const clock = options.now ?? Date.now;
  const owner = options.owner ?? `${process.pid}-${randomBytes(4).toString("hex")}`;
  const report: QueueRunReport = { sent: 0, failed: 0, skipped: 0 };
  const entries = await options.db.store.readIndex(`mail-due:${OUTGOING}`, MAIL_JOBS.namespace);
  const due = entries
    .map((e) => mailJobSchema.safeParse(e.value))
    .flatMap((p) => (p.success && isDue(p.data, clock()) ? [p.data] : []))
    .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)
    .slice(0, options.limit ?? 200);
  for (const candidate of due) {
    const claimed = await claim(options, candidate, owner, clock());
    if (!claimed) continue;
    const { job } = claimed;
    let outcome: { sent: true } | { sent: false; error: string } | { skip: string };
    try {
      const built = await buildMail(options, job);
      if ("skip" in built) outcome = built;
      else {
        const mime = await composeMime({
          key: job.key,
          from: options.from,
          to: built.to,
          subject: built.subject,
          html: built.html,
          text: built.text,
          ics: built.ics,
          unsubscribeUrl:
            built.unsubscribe === false
              ? undefined
              : `${options.appUrl}/mail/unsubscribe/${unsubscribeToken(options.linkSecret, job.invitationId)}`,
          date: new Date(clock()),
        });
        await options.transport.deliver(
          job.key,
          { from: addressOf(options.from), to: built.to.map((r) => r.address) },
          mime,
        );
        outcome = { sent: true };
      }
    } catch (error) {
      outcome = { sent: false, error: reasonOf(error) };
    }
    await settle(options, job, owner, outcome, clock());
    if ("skip" in outcome) report.skipped += 1;
    else if (outcome.sent) report.sent += 1;
    else report.failed += 1;
  }
  return report;
}

function addressOf(from: string): string {
  return /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}
