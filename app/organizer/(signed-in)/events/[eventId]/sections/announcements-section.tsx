import type { PartyEvent } from "@/lib/data";
import type { Announcement } from "@/lib/party";
import { AUDIENCE_LABELS } from "@/lib/data/client";
import { formatInstant } from "@/lib/time";
import { AnnouncementForm } from "../announcement-form";
import { ConfirmAction } from "../confirm-action";
import { deleteAnnouncementAction } from "../messages-actions";

/**
 * The organizer's announcements: post one (shown on every RSVP page, mailed to the ticked households), and
 * the ones posted, newest first, each with a guarded "Delete". Text only: React escapes it, CSS keeps the
 * line breaks.
 */
export function AnnouncementsSection({ event, announcements }: { event: PartyEvent; announcements: Announcement[] }) {
  return (
    <section aria-labelledby="announcements-heading" className="card" id="announcements">
      <h2 id="announcements-heading">Announcements</h2>
      <AnnouncementForm eventId={event.id} canMail={event.status === "published"} />
      {announcements.length > 0 ? (
        <ul className="message-list" aria-label="Posted announcements">
          {announcements.map((a) => (
            <li key={a.id} className="message" data-testid="announcement">
              <p className="muted small">
                {formatInstant(a.createdAt, event.timeZone)}
                {a.audience.length > 0
                  ? ` · emailed to: ${a.audience.map((x) => AUDIENCE_LABELS[x]).join(", ")}`
                  : " · not emailed"}
              </p>
              <p className="message-body">{a.body}</p>
              <ConfirmAction
                label="Delete"
                confirmLabel="Yes, delete this announcement"
                action={deleteAnnouncementAction}
                fields={{ eventId: event.id, announcementId: a.id }}
                testId="delete-announcement"
              >
                It disappears from every RSVP page. Mails already sent stay in people&apos;s inboxes; those not sent yet
                are not sent.
              </ConfirmAction>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No announcements yet.</p>
      )}
    </section>
  );
}
