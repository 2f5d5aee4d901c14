import Link from "next/link";
import { answersCloseAt, type PartyEvent } from "@/lib/data";
import type { RsvpCounts } from "@/lib/party";
import { formatInstant } from "@/lib/time";
import { CountsBar, countsSummary, EventStatusBadge } from "../../../../../ui/badges";
import { EventWhen, EventWhere } from "../../../../../ui/event-summary";
import { SubmitButton } from "../../../../../ui/submit-button";
import { deleteEventAction, setEventStatusAction } from "../../actions";
import { ConfirmAction } from "../confirm-action";

/** The event itself (what, when, where, status and the actions on it) and its answer counts. */
export function OverviewSection({
  event,
  past,
  counts,
  isOwner,
}: {
  event: PartyEvent;
  past: boolean;
  counts: RsvpCounts;
  /** "Host it again" and deleting are the owner's (a co-host's request would be refused with a 404 anyway). */
  isOwner: boolean;
}) {
  const hidden = <input type="hidden" name="eventId" value={event.id} />;
  return (
    <section aria-labelledby="event-title" className="card event-head" id="overview">
      <div className="event-card-head">
        <h1 data-testid="event-title" id="event-title">
          {event.title}
        </h1>
        <EventStatusBadge status={event.status} past={past} />
      </div>
      <p className="event-meta">
        <EventWhen event={event} />
        <br />
        <EventWhere event={event} />
      </p>
      <p className="muted">
        RSVP by {formatInstant(answersCloseAt(event), event.timeZone)}
        {event.capacity !== null ? ` · Capacity ${event.capacity}` : " · No capacity limit"}
      </p>
      {event.description ? <p className="description">{event.description}</p> : null}
      {event.status === "draft" ? (
        <p className="alert info">This event is a draft: invitation links do not open it until you publish it.</p>
      ) : null}
      <div className="actions">
        <Link className="button secondary" href={`/organizer/events/${event.id}/edit`} prefetch={false}>
          Edit
        </Link>
        {event.status !== "published" ? (
          <form action={setEventStatusAction} className="inline-form">
            {hidden}
            <input type="hidden" name="status" value="published" />
            <SubmitButton className="button">Publish</SubmitButton>
          </form>
        ) : null}
        {isOwner ? (
          <Link className="button secondary" href={`/organizer/events/${event.id}/duplicate`} prefetch={false}>
            Host it again
          </Link>
        ) : null}
        <a className="button secondary" href={`/organizer/events/${event.id}/guests.csv`} download>
          Guest list (CSV)
        </a>
        <a className="button secondary" href={`/organizer/events/${event.id}/event.ics`} download>
          Calendar (.ics)
        </a>
        {event.status !== "cancelled" ? (
          <ConfirmAction
            label="Cancel event"
            confirmLabel="Yes, cancel the event"
            action={setEventStatusAction}
            fields={{ eventId: event.id, status: "cancelled" }}
            testId="confirm-cancel-event"
            size="regular"
          >
            Guests opening their link will see that the party is off and can no longer answer. Their answers and the
            potluck list are kept, and you can publish the event again.
          </ConfirmAction>
        ) : null}
      </div>
      {isOwner ? (
        <details className="danger-zone">
          <summary>Delete this event…</summary>
          <form action={deleteEventAction}>
            {hidden}
            <p>This deletes the event, its invitation links, every answer and the potluck list. It cannot be undone.</p>
            <SubmitButton className="button danger">Delete event permanently</SubmitButton>
          </form>
        </details>
      ) : null}

      <h2 id="counts-heading">Answers</h2>
      <CountsBar counts={counts} label={countsSummary(counts)} />
      <dl className="counts" data-testid="counts" aria-labelledby="counts-heading">
        <div>
          <dt>Attending</dt>
          <dd data-testid="count-attending">{counts.attending}</dd>
        </div>
        <div>
          <dt>Maybe</dt>
          <dd data-testid="count-maybe">{counts.maybe}</dd>
        </div>
        <div>
          <dt>Not attending</dt>
          <dd data-testid="count-not-attending">{counts.notAttending}</dd>
        </div>
        <div>
          <dt>No reply</dt>
          <dd data-testid="count-no-reply">{counts.noReply}</dd>
        </div>
        <div>
          <dt>Adults / children coming</dt>
          <dd data-testid="count-adults-children">
            {counts.adultsAttending} / {counts.childrenAttending}
          </dd>
        </div>
        <div>
          <dt>Plus-ones coming</dt>
          <dd data-testid="count-plus-ones">{counts.plusOnesAttending}</dd>
        </div>
        <div>
          <dt>Head count</dt>
          <dd data-testid="head-count">
            {counts.attending}
            {counts.capacity !== null ? ` of ${counts.capacity}` : ""}
          </dd>
        </div>
      </dl>
      {counts.overCapacity > 0 ? (
        <p className="alert error">{counts.overCapacity} more guests are coming than the capacity allows.</p>
      ) : null}
    </section>
  );
}
