import type { PartyEvent } from "@/lib/data";
import { type RsvpCounts, waitlistOf, type InvitedHousehold } from "@/lib/party";
import { formatInstant } from "@/lib/time";
import { SubmitButton } from "../../../../ui/submit-button";
import { promoteAction } from "./waitlist-actions";

/** What a promotion did, shown in this section (`?waitlist=`): fixed texts only, nothing echoed. */
const OUTCOMES: Record<string, { text: string; problem: boolean }> = {
  promoted: { text: "Promoted: they have a place now. We mail the household that they're in.", problem: false },
  full: {
    text: "The party is full: a place must free up (or raise the capacity) before you can promote someone.",
    problem: true,
  },
  "not-waiting": { text: "That guest is no longer on the waitlist (their answer changed meanwhile).", problem: true },
  busy: { text: "The planner was busy and nothing was changed. Please try again in a moment.", problem: true },
  unavailable: {
    text: "We couldn't reach our data service, so nothing was changed. Please try again in a minute.",
    problem: true,
  },
};

/**
 * The event's waitlist: guests who answered "attending" while the party was full, longest waiting first, each
 * with a Promote button (a place is given only while the capacity allows: see RsvpRepository.promote).
 * Shown only for an event with a capacity, or while anyone is still waiting.
 */
export function WaitlistSection({
  event,
  households,
  counts,
  outcome,
}: {
  event: PartyEvent;
  households: InvitedHousehold[];
  counts: RsvpCounts;
  outcome: string | string[] | undefined;
}) {
  const waiting = waitlistOf(households);
  if (event.capacity === null && waiting.length === 0) return null;
  const said = typeof outcome === "string" && Object.hasOwn(OUTCOMES, outcome) ? OUTCOMES[outcome]! : null;
  const free = event.capacity === null ? null : Math.max(0, event.capacity - counts.attending);
  return (
    <section aria-labelledby="waitlist-heading" className="card" id="waitlist" data-testid="waitlist">
      <h2 id="waitlist-heading">Waitlist</h2>
      {said ? (
        <div className={`alert ${said.problem ? "error" : "success"}`} role={said.problem ? "alert" : "status"}>
          {said.text}
        </div>
      ) : null}
      <p className="muted small" data-testid="places-free">
        {free === null
          ? "No capacity limit: everyone who answers “Attending” has a place."
          : `${counts.attending} of ${event.capacity} places taken · ${free} free.`}
      </p>
      {waiting.length === 0 ? (
        <p className="muted">Nobody is waiting.</p>
      ) : (
        <ol className="waitlist-list">
          {waiting.map((entry) => (
            <li key={entry.id} className="person-row" data-testid="waitlist-row">
              <span>
                <strong>{entry.name}</strong>
                {entry.child ? <span className="muted"> (child)</span> : null}
                {entry.plusOne ? <span className="muted"> (guest of {entry.household.name})</span> : null}
                <span className="muted small">
                  {" "}
                  · {entry.household.name} · waiting since {formatInstant(entry.since, event.timeZone)}
                </span>
              </span>
              <form action={promoteAction} className="inline-form">
                <input type="hidden" name="eventId" value={event.id} />
                <input type="hidden" name="personId" value={entry.id} />
                <SubmitButton className="button secondary small" pendingText="Promoting…">
                  Promote
                </SubmitButton>
              </form>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
