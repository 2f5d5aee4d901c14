import type { Metadata } from "next";
import Link from "next/link";
import { answersCloseAt, CATEGORY_LABELS, DIETARY_LABELS, isPast, personName, RESPONSE_LABELS } from "@/lib/data";
import { loadEventOverview, requireOwnedEvent } from "@/lib/party";
import { requestOrigin } from "@/lib/security";
import { formatInstant } from "@/lib/time";
import { AnswerBadge, CountsBar, countsSummary, EventStatusBadge } from "../../../../ui/badges";
import { EventWhen, EventWhere } from "../../../../ui/event-summary";
import { Notice } from "../../../../ui/notice";
import { SubmitButton } from "../../../../ui/submit-button";
import { deleteEventAction, setEventStatusAction } from "../actions";
import { addPotluckItemAction, invitationAction, removePotluckItemAction, setAnswerAction, updatePotluckItemAction } from "./actions";
import { CopyLink } from "./copy-link";
import { InviteForm } from "./invite-form";
import { PotluckItemForm } from "./potluck-item-form";

export const metadata: Metadata = { title: "Event" };

type Params = { params: Promise<{ eventId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EventPage({ params, searchParams }: Params) {
  const { eventId } = await params;
  const { organizer, event, data } = await requireOwnedEvent(eventId, `/organizer/events/${encodeURIComponent(eventId)}`);
  const [overview, addressBook, origin, query] = await Promise.all([
    loadEventOverview(data, event),
    data.households.listForOrganizer(organizer.id),
    requestOrigin(),
    searchParams,
  ]);
  const now = Date.now();
  const past = isPast(event, now);
  const { counts, dietary, potluck, households } = overview;
  const invitedIds = new Set(households.map((h) => h.household.id));
  const notInvited = addressBook.filter((h) => !invitedIds.has(h.id));
  const hidden = <input type="hidden" name="eventId" value={event.id} />;

  return (
    <>
      <p className="breadcrumb">
        <Link href="/organizer" prefetch={false}>
          Events
        </Link>{" "}
        › {event.title}
      </p>
      <Notice value={query.notice} />

      <section className="card event-head">
        <div className="event-card-head">
          <h1 data-testid="event-title">{event.title}</h1>
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
          {event.status !== "cancelled" ? (
            <form action={setEventStatusAction} className="inline-form">
              {hidden}
              <input type="hidden" name="status" value="cancelled" />
              <SubmitButton className="button secondary">Cancel event</SubmitButton>
            </form>
          ) : null}
          <a className="button secondary" href={`/organizer/events/${event.id}/guests.csv`} download>
            Guest list (CSV)
          </a>
          <a className="button secondary" href={`/organizer/events/${event.id}/event.ics`} download>
            Calendar (.ics)
          </a>
        </div>
        <details className="danger-zone">
          <summary>Delete this event…</summary>
          <form action={deleteEventAction}>
            {hidden}
            <p>This deletes the event, its invitation links, every answer and the potluck list. It cannot be undone.</p>
            <SubmitButton className="button danger">Delete event permanently</SubmitButton>
          </form>
        </details>
      </section>

      <section aria-labelledby="counts-heading" className="card">
        <h2 id="counts-heading">Answers</h2>
        <CountsBar counts={counts} label={countsSummary(counts)} />
        <dl className="counts" data-testid="counts">
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

      <section aria-labelledby="guests-heading" className="card" id="guests">
        <h2 id="guests-heading">Guest list</h2>
        {households.length === 0 ? (
          <p className="muted">Nobody is invited yet. Invite households from your address book below.</p>
        ) : (
          <div className="guest-list">
            {households.map(({ household, note, people, invitation }) => (
              <article key={household.id} className="guest-household" data-testid="guest-household">
                <h3>
                  <Link href={`/organizer/guests/${household.id}`} prefetch={false}>
                    {household.name}
                  </Link>
                  {invitation.revokedAt !== null ? <span className="badge badge-cancelled">Link revoked</span> : null}
                </h3>
                {note ? (
                  <blockquote className="guest-note" data-testid="guest-note">
                    {note.note}
                  </blockquote>
                ) : null}
                <ul className="people">
                  {people.map((row) => (
                    <li key={row.person.id} className="person-row" data-testid="guest-row">
                      <div className="person-main">
                        <strong>{personName(row.person)}</strong>
                        {row.person.ageGroup === "child" ? <span className="muted"> (child)</span> : null}{" "}
                        <AnswerBadge status={row.status} />
                        {row.response?.setByHost ? <span className="set-by-host">set by host</span> : null}
                        {row.dietaryTags.length > 0 || row.dietaryNotes ? (
                          <div className="muted small">
                            {[...row.dietaryTags.map((t) => DIETARY_LABELS[t]), ...(row.dietaryNotes ? [row.dietaryNotes] : [])].join(" · ")}
                          </div>
                        ) : null}
                      </div>
                      <form action={setAnswerAction} className="set-answer">
                        {hidden}
                        <input type="hidden" name="personId" value={row.person.id} />
                        <label className="visually-hidden" htmlFor={`answer-${row.person.id}`}>
                          Answer for {personName(row.person)}
                        </label>
                        <select id={`answer-${row.person.id}`} name="status" defaultValue={row.status}>
                          {(["attending", "maybe", "not_attending", "no_reply"] as const).map((s) => (
                            <option key={s} value={s}>
                              {RESPONSE_LABELS[s]}
                            </option>
                          ))}
                        </select>
                        <SubmitButton className="button secondary small">Set answer</SubmitButton>
                      </form>
                    </li>
                  ))}
                </ul>
              </article>
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="dietary-heading" className="card" id="dietary">
        <h2 id="dietary-heading">Dietary summary</h2>
        <p className="muted small">Everyone attending or maybe attending.</p>
        {dietary.tags.length === 0 && dietary.notes.length === 0 ? (
          <p className="muted">No dietary restrictions so far.</p>
        ) : (
          <ul className="dietary-summary" data-testid="dietary-summary">
            {dietary.tags.map((entry) => (
              <li key={entry.tag}>
                <strong>
                  {entry.label}: {entry.people.length}
                </strong>{" "}
                <span className="muted">
                  ({entry.people.map((p) => `${p.name}${p.status === "maybe" ? " (maybe)" : ""}`).join(", ")})
                </span>
              </li>
            ))}
            {dietary.notes.map((n, i) => (
              <li key={`note-${i}`}>
                <strong>{n.name}:</strong> {n.text}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="potluck-heading" className="card" id="potluck">
        <h2 id="potluck-heading">Potluck</h2>
        {potluck.length === 0 ? (
          <p className="muted">No dishes yet. Suggest what you need; guests claim them from their RSVP page or add their own.</p>
        ) : (
          <ul className="potluck-list" data-testid="potluck-list">
            {potluck.map((view) => (
              <li key={view.item.id} className="potluck-item" data-testid="potluck-item">
                <div>
                  <strong>{view.item.name}</strong> <span className="badge">{CATEGORY_LABELS[view.item.category]}</span>{" "}
                  <span className="muted">
                    {view.claimed} of {view.item.quantity} claimed
                  </span>
                  {view.addedBy ? <span className="muted"> · added by {view.addedBy}</span> : null}
                  {view.item.notes ? <div className="muted small">{view.item.notes}</div> : null}
                  {view.claims.length > 0 ? (
                    <div className="small" data-testid="potluck-claims">
                      Brought by: {view.claims.map((c) => `${c.householdName} (${c.quantity})`).join(", ")}
                    </div>
                  ) : null}
                </div>
                <details>
                  <summary>Edit</summary>
                  <PotluckItemForm action={updatePotluckItemAction} eventId={event.id} item={view.item} idPrefix={`item-${view.item.id}`} submitLabel="Save item" />
                  <form action={removePotluckItemAction}>
                    {hidden}
                    <input type="hidden" name="itemId" value={view.item.id} />
                    <SubmitButton className="button danger small">Remove item</SubmitButton>
                  </form>
                </details>
              </li>
            ))}
          </ul>
        )}
        <details className="add-item" open={potluck.length === 0}>
          <summary>Add a dish or item</summary>
          <PotluckItemForm action={addPotluckItemAction} eventId={event.id} idPrefix="new-item" submitLabel="Add item" />
        </details>
      </section>

      <section aria-labelledby="invitations-heading" className="card" id="invitations">
        <h2 id="invitations-heading">Invitations</h2>
        <p className="muted small">
          Each household has its own private link. Copy it and send it by message or email; anyone with the link can
          answer for that household until the RSVP deadline.
        </p>
        {households.length > 0 ? (
          <ul className="invitation-list">
            {households.map(({ household, invitation }) => {
              const token = data.invitations.tokenOf(invitation);
              const revoked = invitation.revokedAt !== null;
              return (
                <li key={invitation.id} className="invitation" data-testid="invitation">
                  <div className="invitation-head">
                    <strong>{household.name}</strong>
                    {revoked ? <span className="badge badge-cancelled">Revoked</span> : null}
                  </div>
                  {revoked ? (
                    <p className="muted small">This link no longer works. Make a new one to invite them again.</p>
                  ) : token ? (
                    <CopyLink url={`${origin}/rsvp/${token}`} label={`RSVP link for ${household.name}`} />
                  ) : (
                    <p className="muted small">This link cannot be shown any more (the app&apos;s secret changed). Make a new link.</p>
                  )}
                  <div className="actions">
                    <form action={invitationAction} className="inline-form">
                      {hidden}
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <input type="hidden" name="intent" value="regenerate" />
                      <SubmitButton className="button secondary small">New link</SubmitButton>
                    </form>
                    {revoked ? null : (
                      <form action={invitationAction} className="inline-form">
                        {hidden}
                        <input type="hidden" name="invitationId" value={invitation.id} />
                        <input type="hidden" name="intent" value="revoke" />
                        <SubmitButton className="button secondary small">Revoke link</SubmitButton>
                      </form>
                    )}
                    <form action={invitationAction} className="inline-form">
                      {hidden}
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <input type="hidden" name="intent" value="remove" />
                      <SubmitButton className="button secondary small">Remove from guest list</SubmitButton>
                    </form>
                  </div>
                </li>
              );
            })}
          </ul>
        ) : null}
        {notInvited.length > 0 ? (
          <InviteForm
            eventId={event.id}
            households={notInvited.map((h) => ({ id: h.id, name: h.name, people: h.people.map((p) => p.firstName).join(", ") }))}
          />
        ) : addressBook.length === 0 ? (
          <p>
            Your address book is empty.{" "}
            <Link href="/organizer/guests" prefetch={false}>
              Add households
            </Link>{" "}
            first.
          </p>
        ) : (
          <p className="muted">Every household in your address book is invited.</p>
        )}
      </section>
    </>
  );
}
