import type { Metadata } from "next";
import { answersCloseAt, DIETARY_LABELS, personName, organizerName, RESPONSE_LABELS } from "@/lib/data";
import { openGuestLink, requireGuest, guestMode, loadGuestView, loadWhosComing, type GuestContext } from "@/lib/party";
import { formatInstant } from "@/lib/time";
import { EventWhen, EventWhere } from "../../ui/event-summary";
import { SiteHeader } from "../../site-header";
import { AnnouncementsFeed, CommentsWall } from "./wall-section";
import { AddItemForm, AnswersForm } from "./guest-forms";
import { PotluckList } from "./potluck-list";
import { CalendarSection } from "./calendar-section";
import { WhosComingSection } from "./whos-coming-section";
import { ReadonlyPlusOnes } from "./readonly-plus-ones";

// Always rendered per request: answers change, and the page must never be served from a cache.
export const dynamic = "force-dynamic";

const PRIVATE: Metadata = {
  robots: { index: false, follow: false },
  // The token is in the URL. The site-wide Referrer-Policy (same-origin) already keeps it from other sites;
  // "no-referrer" here would make browsers send `Origin: null` with the forms, which Server Actions refuse.
  referrer: "same-origin",
};

/**
 * The tab's title and a link preview for chats: the party's title, its date and the host's first name, and
 * nothing else (no household, guest, address or note: a pasted link's preview is seen by the whole chat).
 */
export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const { token } = await params;
  const ctx = await openGuestLink(token).catch(() => null);
  if (!ctx || guestMode(ctx.event) === "draft") return { ...PRIVATE, title: "Your invitation" };
  const { event, host } = ctx;
  const title = `${event.title} – invitation`;
  const description = `${formatInstant(event.startsAt, event.timeZone)} · hosted by ${host.firstName}`;
  return {
    ...PRIVATE,
    title,
    description,
    openGraph: { type: "website", title: event.title, description, siteName: "Holiday Party Planner" },
    twitter: { card: "summary", title: event.title, description },
  };
}

const SAVED: Record<string, string> = {
  answers: "Thank you! Your answers are saved. You can come back with this link to change them.",
  waitlist:
    "You're on the waitlist: the party is full, so we saved your answers and the host will let you know if a place opens up. You can come back with this link to change them.",
  potluck: "Your potluck choice is saved.",
};
/** Where each confirmation is shown: in the section whose form was sent, where the page lands. */
const SAVED_IN: Record<string, "answers" | "potluck"> = { answers: "answers", waitlist: "answers", potluck: "potluck" };
const PROBLEM: Record<string, string> = {
  busy: "We were busy and nothing was changed. Please try again in a moment.",
  unavailable: "We couldn't reach our data service, so nothing was changed. Please try again in a minute.",
};

/** Why a potluck button changed nothing (its action redirects here with the reason: actions.ts). */
const REFUSED: Record<string, string> = {
  closed: "Answers for this event are closed, so nothing was changed.",
  "over-claimed": "Not that many are left (someone else claimed some in the meantime), so nothing was changed.",
  "claim-invalid": "Choose how many you bring, then send again.",
};

/** The confirmation, announced to screen readers, inside the section the guest just sent. */
function Saved({ kind, section }: { kind: string | undefined; section: "answers" | "potluck" }) {
  if (!kind || SAVED_IN[kind] !== section) return null;
  return (
    <div className="alert success" role="status" aria-live="polite" id={`${section}-saved`} data-testid="saved">
      {SAVED[kind]}
    </div>
  );
}

function Refused({ kind }: { kind: string | undefined }) {
  if (!kind || !Object.hasOwn(REFUSED, kind)) return null;
  return (
    <div className="alert error" role="alert" data-testid="potluck-refused">
      {REFUSED[kind]}
    </div>
  );
}

function Contact({ host }: { host: GuestContext["host"] }) {
  if (!host.email) return <>contact {host.firstName}</>;
  return (
    <>
      contact {host.firstName} at <a href={`mailto:${host.email}`}>{host.email}</a>
    </>
  );
}

export default async function RsvpPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const { data, ctx } = await requireGuest(token);
  const [view, query, whosComing] = await Promise.all([
    loadGuestView(data, ctx),
    searchParams,
    loadWhosComing(data, ctx),
  ]);
  const { event, household, host, placesLeft } = ctx;
  const mode = guestMode(event);
  const saved = typeof query.saved === "string" && Object.hasOwn(SAVED, query.saved) ? query.saved : undefined;
  const problem =
    typeof query.saved === "string" && Object.hasOwn(PROBLEM, query.saved) ? PROBLEM[query.saved] : undefined;

  if (mode === "draft") {
    // The host sent the link before publishing: say so, and show nothing of a party still being planned.
    return (
      <>
        <SiteHeader />
        <main className="rsvp">
          <section className="card narrow" data-testid="not-open-yet">
            <p className="muted eyebrow">
              {household.name}, this is your invitation from {host.firstName} {host.lastName}
            </p>
            <h1>This invitation is not open yet</h1>
            <p>
              {host.firstName} is still preparing this party. Keep this link: it will show the invitation as soon as it
              is ready, and you can answer then.
            </p>
          </section>
        </main>
        <footer className="site-footer">Holiday Party Planner</footer>
      </>
    );
  }

  return (
    <>
      <SiteHeader />
      <main className="rsvp">
        {problem ? (
          <div className="alert error" role="alert">
            {problem}
          </div>
        ) : null}
        <section className="card">
          <p className="muted eyebrow">
            {household.name}, you&apos;re invited by {organizerName(host)}
          </p>
          <h1 data-testid="event-title">{event.title}</h1>
          <p className="event-meta">
            <strong>When:</strong> <EventWhen event={event} />
            <br />
            <strong>Where:</strong> <EventWhere event={event} />
          </p>
          {event.description ? <p className="description">{event.description}</p> : null}
          {mode === "open" ? (
            <p className="muted">
              Please answer by {formatInstant(answersCloseAt(event), event.timeZone)}. You can change your answers until
              then.
            </p>
          ) : null}
          {mode === "open" && placesLeft !== null ? (
            <p className="places" data-testid="places-left">
              {placesLeft > 0
                ? `${placesLeft} ${placesLeft === 1 ? "place" : "places"} left.`
                : "The party is full: anyone who answers “Attending” now goes on the waitlist, and the host will let you know if a place opens up."}
            </p>
          ) : null}
          {mode === "cancelled" ? (
            <div className="alert error" role="alert" data-testid="cancelled">
              This event has been cancelled.
              {host.email ? (
                <>
                  {" "}
                  Questions? <Contact host={host} />.
                </>
              ) : null}
            </div>
          ) : null}
          {mode === "closed" ? (
            <div className="alert info" role="status" data-testid="closed">
              The RSVP deadline has passed. Here are your answers; to change them, <Contact host={host} />.
            </div>
          ) : null}
        </section>

        <AnnouncementsFeed wall={view.wall} timeZone={event.timeZone} />

        {mode !== "cancelled" ? (
          <section className="card" id="answers" aria-labelledby="answers-heading">
            <h2 id="answers-heading">Who is coming?</h2>
            <Saved kind={saved} section="answers" />
            {mode === "open" ? (
              <AnswersForm
                token={token}
                note={view.note?.note ?? ""}
                people={view.people.map(({ person, response }) => ({
                  id: person.id,
                  name: personName(person),
                  child: person.ageGroup === "child",
                  status: response?.status ?? "",
                  dietaryTags: response?.dietaryTags ?? person.dietaryTags,
                  dietaryNotes: response?.dietaryNotes ?? person.dietaryNotes,
                  waitlisted: response?.waitlistedAt !== undefined,
                }))}
                plusOnes={{
                  allowed: ctx.invitation.plusOnesAllowed,
                  rows: ctx.response.plusOnes.map((p) => ({
                    id: p.id,
                    name: p.name,
                    dietaryTags: p.dietaryTags,
                    dietaryNotes: p.dietaryNotes,
                    waitlisted: p.waitlistedAt !== undefined,
                  })),
                }}
              />
            ) : (
              <>
                <ul className="people readonly-answers" data-testid="readonly-answers">
                  {view.people.map(({ person, response }) => {
                    const tags = response?.dietaryTags ?? person.dietaryTags;
                    const status = response?.status ?? "no_reply";
                    const waiting = response?.waitlistedAt !== undefined;
                    return (
                      <li key={person.id} className="person-row" data-testid="readonly-person">
                        <span className="person-name">
                          <strong>{personName(person)}</strong>
                          {person.ageGroup === "child" ? <span className="muted"> (child)</span> : null}
                          {tags.length > 0 ? (
                            <span className="muted small person-diet">
                              {tags.map((t) => DIETARY_LABELS[t]).join(", ")}
                            </span>
                          ) : null}
                        </span>
                        <span className={`badge answer-${status}`}>
                          {waiting ? "On the waitlist" : RESPONSE_LABELS[status]}
                        </span>
                      </li>
                    );
                  })}
                </ul>
                <ReadonlyPlusOnes response={ctx.response} />
                {view.note ? <blockquote className="guest-note">{view.note.note}</blockquote> : null}
              </>
            )}
          </section>
        ) : null}

        {mode !== "cancelled" ? <CalendarSection token={token} ctx={ctx} /> : null}

        {mode !== "cancelled" ? <WhosComingSection entries={whosComing} /> : null}

        {mode !== "cancelled" && (view.potluck.length > 0 || mode === "open") ? (
          <section className="card" id="potluck" aria-labelledby="potluck-heading">
            <h2 id="potluck-heading">Potluck</h2>
            <Saved kind={saved} section="potluck" />
            <Refused kind={typeof query.saved === "string" ? query.saved : undefined} />
            {view.potluck.length === 0 ? <p className="muted">No dishes on the list yet. Add yours below!</p> : null}
            <PotluckList
              token={token}
              open={mode === "open"}
              dishes={view.potluck.map(({ item, remaining, mine, addedByUs }) => ({
                id: item.id,
                name: item.name,
                category: item.category,
                needed: item.quantity,
                remaining,
                mine,
                own: addedByUs,
                notes: item.notes,
              }))}
            />
            {mode === "open" ? (
              <details className="add-item">
                <summary>Bring something else</summary>
                <AddItemForm token={token} />
              </details>
            ) : null}
          </section>
        ) : null}
        <CommentsWall
          wall={view.wall}
          token={token}
          timeZone={event.timeZone}
          canPost={event.status === "published"}
          saved={query.saved === "comment" || query.saved === "comment-deleted" ? query.saved : undefined}
        />
      </main>
      <footer className="site-footer">Holiday Party Planner</footer>
    </>
  );
}
