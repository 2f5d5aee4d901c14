import type { Metadata } from "next";
import { answersCloseAt, CATEGORY_LABELS, DIETARY_LABELS, personName, RESPONSE_LABELS } from "@/lib/data";
import { guestMode, loadGuestView, requireGuest } from "@/lib/party";
import { formatInstant } from "@/lib/time";
import { EventWhen, EventWhere } from "../../ui/event-summary";
import { SiteHeader } from "../../site-header";
import { AddItemForm, AnswersForm, ClaimForm, RemoveItemForm } from "./guest-forms";

// Always rendered per request: answers change, and the page must never be served from a cache.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Your invitation",
  robots: { index: false, follow: false },
  // The token is in the URL. The site-wide Referrer-Policy (same-origin) already keeps it from other sites;
  // "no-referrer" here would make browsers send `Origin: null` with the forms, which Server Actions refuse.
  referrer: "same-origin",
};

const SAVED: Record<string, string> = {
  answers: "Thank you! Your answers are saved. You can come back with this link to change them.",
  potluck: "Your potluck choice is saved.",
  busy: "We were busy and nothing was changed. Please try again in a moment.",
  unavailable: "We couldn't reach our data service, so nothing was changed. Please try again in a minute.",
};
const NOT_SAVED = new Set(["busy", "unavailable"]);

export default async function RsvpPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const { data, ctx } = await requireGuest(token);
  const [view, query] = await Promise.all([loadGuestView(data, ctx), searchParams]);
  const { event, household, host } = ctx;
  const mode = guestMode(event);
  const saved = typeof query.saved === "string" ? SAVED[query.saved] : undefined;

  return (
    <>
      <SiteHeader />
      <main className="rsvp">
        {saved ? (
          <div className={`alert ${NOT_SAVED.has(String(query.saved)) ? "error" : "success"}`} role={NOT_SAVED.has(String(query.saved)) ? "alert" : "status"}>
            {saved}
          </div>
        ) : null}
        <section className="card">
          <p className="muted eyebrow">
            {household.name}, you&apos;re invited by {host.firstName} {host.lastName}
          </p>
          <h1 data-testid="event-title">{event.title}</h1>
          <p className="event-meta">
            <strong>When:</strong> <EventWhen event={event} />
            <br />
            <strong>Where:</strong> <EventWhere event={event} />
          </p>
          {event.description ? <p className="description">{event.description}</p> : null}
          {mode === "open" ? (
            <p className="muted">Please answer by {formatInstant(answersCloseAt(event), event.timeZone)}. You can change your answers until then.</p>
          ) : null}
          {mode === "cancelled" ? (
            <div className="alert error" role="alert" data-testid="cancelled">
              This event has been cancelled.
            </div>
          ) : null}
          {mode === "closed" ? (
            <div className="alert info" role="status" data-testid="closed">
              The RSVP deadline has passed. Here are your answers; contact {host.firstName} to change them.
            </div>
          ) : null}
        </section>

        {mode !== "cancelled" ? (
          <section className="card" id="answers" aria-labelledby="answers-heading">
            <h2 id="answers-heading">Who is coming?</h2>
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
                }))}
              />
            ) : (
              <>
                <ul className="people" data-testid="readonly-answers">
                  {view.people.map(({ person, response }) => {
                    const tags = response?.dietaryTags ?? person.dietaryTags;
                    return (
                      <li key={person.id} className="person-row">
                        <strong>{personName(person)}</strong>: {RESPONSE_LABELS[response?.status ?? "no_reply"]}
                        {tags.length > 0 ? <span className="muted"> · {tags.map((t) => DIETARY_LABELS[t]).join(", ")}</span> : null}
                      </li>
                    );
                  })}
                </ul>
                {view.note ? <blockquote className="guest-note">{view.note.note}</blockquote> : null}
              </>
            )}
          </section>
        ) : null}

        {mode !== "cancelled" && (view.potluck.length > 0 || mode === "open") ? (
          <section className="card" id="potluck" aria-labelledby="potluck-heading">
            <h2 id="potluck-heading">Potluck</h2>
            {view.potluck.length === 0 ? <p className="muted">No dishes on the list yet. Add yours below!</p> : null}
            <ul className="potluck-list">
              {view.potluck.map(({ item, remaining, mine, addedByUs }) => (
                <li key={item.id} className="potluck-item" data-testid="guest-potluck-item">
                  <div>
                    <strong>{item.name}</strong> <span className="badge">{CATEGORY_LABELS[item.category]}</span>
                    <div className="muted small">
                      {addedByUs ? "Your dish" : `${item.quantity - remaining} of ${item.quantity} claimed`}
                      {mine > 0 && !addedByUs ? ` · you bring ${mine}` : ""}
                      {item.notes ? ` · ${item.notes}` : ""}
                    </div>
                  </div>
                  {mode !== "open" ? null : addedByUs ? (
                    <RemoveItemForm token={token} itemId={item.id} />
                  ) : mine + remaining > 0 ? (
                    <ClaimForm token={token} itemId={item.id} itemName={item.name} mine={mine} available={mine + remaining} />
                  ) : (
                    <span className="muted small">All claimed</span>
                  )}
                </li>
              ))}
            </ul>
            {mode === "open" ? (
              <details className="add-item">
                <summary>Bring something else</summary>
                <AddItemForm token={token} />
              </details>
            ) : null}
          </section>
        ) : null}
      </main>
      <footer className="site-footer">Holiday Party Planner</footer>
    </>
  );
}
