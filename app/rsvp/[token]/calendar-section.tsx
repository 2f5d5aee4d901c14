import { googleCalendarUrl, type GuestContext } from "@/lib/party";
import { organizerName } from "@/lib/data";

/**
 * "Add to calendar": the party as a file for any calendar app (this household's copy, behind its link) and a
 * Google Calendar link. Plain links: they work without JavaScript.
 */
export function CalendarSection({ token, ctx }: { token: string; ctx: GuestContext }) {
  return (
    <section className="card" id="calendar" aria-labelledby="calendar-heading" data-testid="add-to-calendar">
      <h2 id="calendar-heading">Add to calendar</h2>
      <p className="actions">
        <a className="button secondary" href={`/rsvp/${token}/calendar.ics`} download>
          Download for your calendar (.ics)
        </a>
        <a
          className="button secondary"
          href={googleCalendarUrl(ctx.event, organizerName(ctx.host))}
          target="_blank"
          rel="noopener noreferrer"
        >
          Add to Google Calendar
        </a>
      </p>
      <p className="muted small">The file works with Apple Calendar, Outlook and most other calendar apps.</p>
    </section>
  );
}
