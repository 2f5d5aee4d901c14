import Link from "next/link";
import type { Invitation, PartyEvent } from "@/lib/data";
import { type MailJob, type MailKind, deliveryState, invitationMailRows } from "@/lib/mail";
import type { EventMail } from "@/lib/party";
import { MailSettingsForm } from "./mail-settings-form";
import { formatInstant } from "@/lib/time";
import { SubmitButton } from "../../../../ui/submit-button";
import { sendInvitationsAction } from "./mail-actions";

const KIND_LABELS: Record<MailKind, string> = {
  invitation: "Invitation",
  cancellation: "Cancellation",
  confirmation: "Confirmation",
  promotion: "You're in (from the waitlist)",
  "reminder-deadline": "Reminder to answer",
  "reminder-event": "Reminder the day before",
  announcement: "Announcement",
  "cohost-invite": "Co-host invitation",
};

function MailLine({ job, timeZone }: { job: MailJob; timeZone: string }) {
  const state = deliveryState(job);
  const label =
    job.status === "sent" && job.sentAt !== null ? `sent at ${formatInstant(job.sentAt, timeZone)}` : state.label;
  return (
    <li data-testid="mail-line">
      {KIND_LABELS[job.kind]}: <span data-state={state.tone}>{label}</span>
    </li>
  );
}

/**
 * The event page's mail section: "Send invitations" to the ticked households that have an address and have
 * not been mailed, "Resend" per household, and every mail's delivery state (what was sent to whom, and when).
 */
export function SendInvitationsSection({
  event,
  invitations,
  mail,
}: {
  event: PartyEvent;
  invitations: readonly Invitation[];
  mail: EventMail;
}) {
  const rows = invitationMailRows(invitations, mail);
  const { settings } = mail;
  const sendable = rows.filter((r) => r.canSend);
  const published = event.status === "published";
  return (
    <section aria-labelledby="mail-heading" className="card" id="mail">
      <h2 id="mail-heading">Invitations by email</h2>
      {!published ? (
        <p className="muted small">
          {event.status === "draft"
            ? "Publish the event to mail the invitations."
            : "The event is cancelled: households that were mailed an invitation are mailed the cancellation."}
        </p>
      ) : rows.length === 0 ? (
        <p className="muted small">Invite households below first.</p>
      ) : sendable.length > 0 ? (
        <form action={sendInvitationsAction} className="stack">
          <input type="hidden" name="eventId" value={event.id} />
          <fieldset>
            <legend>Households not mailed yet</legend>
            <ul className="check-list">
              {sendable.map((row) => (
                <li key={row.invitation.id}>
                  <label className="choice">
                    <input type="checkbox" name="invitationId" value={row.invitation.id} defaultChecked />
                    <span>
                      <strong>{row.invitation.guests.name}</strong>{" "}
                      <span className="muted">{row.recipients.join(", ")}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <SubmitButton pendingText="Sending…">Send invitations</SubmitButton>
        </form>
      ) : (
        <p className="muted small">Every invited household with an email address has been mailed.</p>
      )}
      {rows.length > 0 ? (
        <ul className="invitation-list" aria-label="Mail per household">
          {rows.map((row) => (
            <li key={row.invitation.id} className="invitation" data-testid="mail-household">
              <div className="invitation-head">
                <strong>{row.invitation.guests.name}</strong>{" "}
                <span className="small" data-testid="delivery-state">
                  {row.invitationMails.length === 0
                    ? "not sent"
                    : row.state.label === "sent"
                      ? `sent at ${formatInstant(row.invitationMails.at(-1)!.sentAt!, event.timeZone)}`
                      : row.state.label}
                </span>
                {row.optedOut ? <span className="badge badge-cancelled">Unsubscribed</span> : null}
              </div>
              {row.recipients.length === 0 ? (
                <p className="muted small">
                  No email address.{" "}
                  <Link href={`/organizer/guests/${row.invitation.householdId}`} prefetch={false}>
                    Add one in the address book
                  </Link>
                  .
                </p>
              ) : (
                <p className="muted small">{row.recipients.join(", ")}</p>
              )}
              {row.mails.length > 0 ? (
                <ul className="small">
                  {row.mails.map((job) => (
                    <MailLine key={job.id} job={job} timeZone={event.timeZone} />
                  ))}
                </ul>
              ) : null}
              {published && row.invitationMails.length > 0 && row.recipients.length > 0 && !row.optedOut ? (
                <form action={sendInvitationsAction} className="inline-form">
                  <input type="hidden" name="eventId" value={event.id} />
                  <input type="hidden" name="resendOf" value={row.invitation.id} />
                  <input type="hidden" name="resend" value={String(row.invitationMails.length)} />
                  <SubmitButton className="button secondary small">Resend</SubmitButton>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {event.status !== "cancelled" ? (
        <MailSettingsForm eventId={event.id} deadlineReminderDays={settings.deadlineReminderDays} />
      ) : null}
    </section>
  );
}
