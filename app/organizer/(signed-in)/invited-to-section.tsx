import { formatDateTime } from "@/lib/time";
import { requireInvitedTo } from "@/lib/party";

/** "Sat 20 Dec", in the event's own time zone. */
function shortDate(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short" })
    .format(new Date(instant))
    .replace(",", "");
}

/**
 * Events I'm invited to: parties of other organizers whose guest list has a household with my verified address.
 * Each links to that household's RSVP page, where answering works exactly as for any guest. Nothing shows
 * when there is nothing to show (or the address is not verified: the account page says how).
 */
export async function InvitedToSection({ now }: { now: number }) {
  const cards = await requireInvitedTo({ now });
  if (cards.length === 0) return null;
  return (
    <section aria-labelledby="invited-to-heading" data-testid="invited-to">
      <h2 id="invited-to-heading">Events I&apos;m invited to</h2>
      <ul className="event-list">
        {cards.map((card) => (
          <li key={card.invitationId} className="card event-card" data-testid="invited-to-card">
            <p>
              <strong>
                Invited by {card.hostName} — {card.eventTitle}, {shortDate(card.startsAt, card.timeZone)}
              </strong>
            </p>
            <p className="muted event-meta">
              {formatDateTime(card.startsAt, card.timeZone, { timeZoneName: "short" })} · {card.locationName} · as{" "}
              {card.householdName}
            </p>
            <p>
              {card.rsvpPath ? (
                <a className="button secondary" href={card.rsvpPath}>
                  {card.answered ? "Change your answer" : "Answer the invitation"}
                </a>
              ) : (
                <span className="muted">Ask {card.hostName} for a new link to answer.</span>
              )}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
