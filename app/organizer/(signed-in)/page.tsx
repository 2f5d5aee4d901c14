import { Suspense } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { isPast, organizerName } from "@/lib/data";
import { requireDashboardPage, type DashboardEvent } from "@/lib/party";
import { CountsBar, countsSummary, EventStatusBadge } from "../../ui/badges";
import { EventWhen, EventWhere } from "../../ui/event-summary";
import { Notice } from "../../ui/notice";
import { CohostBadge } from "../../ui/cohost-badge";
import { InvitedToSection } from "./invited-to-section";

export const metadata: Metadata = { title: "Dashboard" };

function EventCard({ card, now }: { card: DashboardEvent; now: number }) {
  const { event, counts } = card;
  return (
    <li className="card event-card" data-testid="event-card">
      <div className="event-card-head">
        <h3>
          <Link href={`/organizer/events/${event.id}`} prefetch={false}>
            {event.title}
          </Link>
        </h3>
        <EventStatusBadge status={event.status} past={isPast(event, now)} />
        <CohostBadge role={card.role} />
      </div>
      <p className="muted event-meta">
        <EventWhen event={event} />
        <br />
        <EventWhere event={event} />
      </p>
      <CountsBar counts={counts} label={countsSummary(counts)} />
      <p className="counts-line" data-testid="event-counts">
        <span className="count-attending">{counts.attending} attending</span> · <span>{counts.maybe} maybe</span> ·{" "}
        <span>{counts.notAttending} not attending</span> · <span>{counts.noReply} no reply</span>
        {counts.capacity !== null ? <span className="muted"> · capacity {counts.capacity}</span> : null}
      </p>
    </li>
  );
}

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const now = Date.now();
  // The organizer, a pending flash and the events in one store round trip (lib/party/page-data.ts).
  const [{ organizer, flash, upcoming, past }, params] = await Promise.all([
    requireDashboardPage({ now }),
    searchParams,
  ]);
  return (
    <>
      {flash ? (
        <div className="alert success" role="status">
          {flash}
        </div>
      ) : null}
      <Notice value={params.notice} />
      <div className="page-head">
        <div>
          <h1>Your holiday parties</h1>
          <p className="muted">
            {organizerName(organizer)} · {organizer.email}
          </p>
        </div>
        {upcoming.length + past.length > 0 ? (
          <Link className="button" href="/organizer/events/new" prefetch={false}>
            New event
          </Link>
        ) : null}
      </div>
      {/* Streamed after the page's one round trip: looking up invitations by address needs the organizer first. */}
      <Suspense fallback={null}>
        <InvitedToSection now={now} />
      </Suspense>
      {upcoming.length + past.length === 0 ? (
        <section className="card empty-state" data-testid="empty-state">
          <h2>No parties yet</h2>
          <p className="muted">
            Create your first event, add the households you want to invite, and follow their answers here.
          </p>
          <p>
            <Link className="button" href="/organizer/events/new" prefetch={false}>
              Create your first event
            </Link>
          </p>
        </section>
      ) : (
        <>
          <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">Upcoming</h2>
            {upcoming.length === 0 ? (
              <p className="muted">Nothing planned yet.</p>
            ) : (
              <ul className="event-list" data-testid="upcoming-events">
                {upcoming.map((card) => (
                  <EventCard key={card.event.id} card={card} now={now} />
                ))}
              </ul>
            )}
          </section>
          {past.length > 0 ? (
            <section aria-labelledby="past-heading">
              <h2 id="past-heading">Past</h2>
              <ul className="event-list past" data-testid="past-events">
                {past.map((card) => (
                  <EventCard key={card.event.id} card={card} now={now} />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
