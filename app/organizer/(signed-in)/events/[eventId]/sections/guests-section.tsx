import Link from "next/link";
import { DIETARY_LABELS, personName, type Invitation, type PartyEvent, RESPONSE_LABELS } from "@/lib/data";
import { type GuestListPage, isWaitlisted, type GuestRow, type InvitedHousehold } from "@/lib/party";
import { AnswerBadge } from "../../../../../ui/badges";
import { SubmitButton } from "../../../../../ui/submit-button";
import { invitationAction, setAnswerAction } from "../actions";
import { ConfirmAction } from "../confirm-action";
import { CopyAllLinks } from "../copy-all-links";
import { CopyLink } from "../copy-link";
import { InviteForm } from "../invite-form";
import { PlusOnesBlock } from "./plus-ones-block";
import { WhosComingToggle } from "./whos-coming-toggle";

export interface GuestsSectionProps {
  eventId: string;
  event: PartyEvent;
  isDraft: boolean;
  /** Every invited household: for the total and for "Copy all links". */
  total: number;
  list: GuestListPage;
  /** The household whose people show their "Set answer" forms (`?answers=`), if any. */
  answering: string | null;
  rsvpUrl: (invitation: Invitation) => string | null;
  notInvited: { id: string; name: string; people: string }[];
  addressBookEmpty: boolean;
}

/** `?page=`, `?q=` and `?answers=` of this section, as a link to the event page. */
function guestsHref(
  eventId: string,
  params: { page?: number; q?: string; answers?: string },
  anchor = "#invitations",
): string {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.page && params.page > 1) search.set("page", String(params.page));
  if (params.answers) search.set("answers", params.answers);
  const qs = search.toString();
  return `/organizer/events/${eventId}${qs ? `?${qs}` : ""}${anchor}`;
}

/**
 * Who is invited, each household's private link and answers, and the invite form: the part of the page a
 * host comes back to most, so it sits right under the overview. One page of households at a time.
 */
export function GuestsSection(props: GuestsSectionProps) {
  const { eventId, list, total } = props;
  return (
    <section aria-labelledby="invitations-heading" className="card" id="invitations">
      <h2 id="invitations-heading">Guests and invitations</h2>
      <p className="muted small">
        Each household has its own private link. Copy it and send it by message or email; anyone with the link can
        answer for that household until the RSVP deadline.
        {props.isDraft ? " The event is a draft: the links open once you publish it." : null}
      </p>
      <InviteHouseholds {...props} />
      <WhosComingToggle event={props.event} />
      {total === 0 ? (
        <p className="muted">Nobody is invited yet.</p>
      ) : (
        <>
          <CopyAllLinks href={`/organizer/events/${eventId}/links.txt`} />
          <form role="search" method="get" action={`/organizer/events/${eventId}#invitations`} className="search-form">
            <label htmlFor="guest-search" className="visually-hidden">
              Search the guest list
            </label>
            <input
              id="guest-search"
              name="q"
              type="search"
              placeholder="Search by household or person name"
              defaultValue={list.query}
            />
            <button className="button secondary" type="submit">
              Search
            </button>
            {list.query ? (
              <Link href={guestsHref(eventId, {})} prefetch={false}>
                Clear
              </Link>
            ) : null}
          </form>
          <p className="muted small" data-testid="guest-list-range">
            {list.query
              ? `${list.matching} of ${total} households match “${list.query}”.`
              : `${total} ${total === 1 ? "household" : "households"} on the guest list.`}
            {list.pages > 1 ? ` Page ${list.page} of ${list.pages}.` : null}
          </p>
          <div className="guest-list" id="guests">
            {list.households.map((invited) => (
              <GuestHousehold key={invited.household.id} {...props} invited={invited} />
            ))}
          </div>
          {list.pages > 1 ? <Pager eventId={eventId} list={list} /> : null}
        </>
      )}
    </section>
  );
}

function InviteHouseholds({ eventId, notInvited, addressBookEmpty }: GuestsSectionProps) {
  if (notInvited.length > 0) return <InviteForm eventId={eventId} households={notInvited} />;
  if (addressBookEmpty)
    return (
      <p>
        Your address book is empty.{" "}
        <Link href="/organizer/guests" prefetch={false}>
          Add households
        </Link>{" "}
        first, then invite them here.
      </p>
    );
  return <p className="muted small">Every household in your address book is invited.</p>;
}

function Pager({ eventId, list }: { eventId: string; list: GuestListPage }) {
  return (
    <nav aria-label="Guest list pages" className="pager">
      {list.page > 1 ? (
        <Link href={guestsHref(eventId, { page: list.page - 1, q: list.query })} prefetch={false} rel="prev">
          ← Previous
        </Link>
      ) : null}
      <span className="muted">
        Page {list.page} of {list.pages}
      </span>
      {list.page < list.pages ? (
        <Link href={guestsHref(eventId, { page: list.page + 1, q: list.query })} prefetch={false} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}

function GuestHousehold({
  eventId,
  list,
  answering,
  rsvpUrl,
  invited,
}: GuestsSectionProps & { invited: InvitedHousehold }) {
  const { household, note, people, invitation } = invited;
  const revoked = invitation.revokedAt !== null;
  const url = revoked ? null : rsvpUrl(invitation);
  const fields = { eventId, invitationId: invitation.id };
  const showForms = answering === household.id;
  return (
    <article className="guest-household" id={`h-${household.id}`} data-testid="guest-household">
      <div className="invitation" data-testid="invitation">
        <h3 className="invitation-head">
          <Link href={`/organizer/guests/${household.id}`} prefetch={false}>
            {household.name}
          </Link>
          {revoked ? <span className="badge badge-cancelled">Link revoked</span> : null}
        </h3>
        {revoked ? (
          <p className="muted small">This link no longer works. Make a new one to invite them again.</p>
        ) : url ? (
          <CopyLink url={url} label={`RSVP link for ${household.name}`} />
        ) : (
          <p className="muted small">
            This link cannot be shown any more (the app&apos;s secret changed). Make a new link.
          </p>
        )}
        <div className="actions">
          <ConfirmAction
            label="New link"
            confirmLabel="Yes, make a new link"
            action={invitationAction}
            fields={{ ...fields, intent: "regenerate" }}
          >
            The current link stops working at once: send {household.name} the new one. Their answers are kept.
          </ConfirmAction>
          {revoked ? null : (
            <ConfirmAction
              label="Revoke link"
              confirmLabel="Yes, revoke the link"
              action={invitationAction}
              fields={{ ...fields, intent: "revoke" }}
            >
              {household.name}&apos;s link stops working: they can no longer see or change their answers. Their answers
              are kept, and a new link invites them again.
            </ConfirmAction>
          )}
          <ConfirmAction
            label="Remove from guest list"
            confirmLabel="Yes, remove them"
            action={invitationAction}
            fields={{ ...fields, intent: "remove" }}
          >
            {household.name} comes off this party&apos;s guest list: their link stops working and their answers, note
            and potluck claims for this party are deleted. They stay in your address book.
          </ConfirmAction>
        </div>
      </div>
      {note ? (
        <blockquote className="guest-note" data-testid="guest-note">
          {note.note}
        </blockquote>
      ) : null}
      <ul className="people">
        {people.map((row) => (
          <PersonRow key={row.person.id} row={row} eventId={eventId} withForm={showForms} />
        ))}
      </ul>
      <PlusOnesBlock eventId={eventId} invited={invited} />
      {showForms || people.length === 0 ? null : (
        <p className="small">
          <Link
            href={guestsHref(eventId, { page: list.page, q: list.query, answers: household.id }, `#h-${household.id}`)}
            prefetch={false}
          >
            Set answers for {household.name}
          </Link>
        </p>
      )}
    </article>
  );
}

function PersonRow({ row, eventId, withForm }: { row: GuestRow; eventId: string; withForm: boolean }) {
  const name = personName(row.person);
  return (
    <li className="person-row" data-testid="guest-row">
      <div className="person-main">
        <strong>{name}</strong>
        {row.person.ageGroup === "child" ? <span className="muted"> (child)</span> : null}{" "}
        <AnswerBadge status={row.status} waitlisted={isWaitlisted(row)} />
        {row.response?.setByHost ? <span className="set-by-host">set by host</span> : null}
        {row.dietaryTags.length > 0 || row.dietaryNotes ? (
          <div className="muted small">
            {[...row.dietaryTags.map((t) => DIETARY_LABELS[t]), ...(row.dietaryNotes ? [row.dietaryNotes] : [])].join(
              " · ",
            )}
          </div>
        ) : null}
      </div>
      {withForm ? (
        <form action={setAnswerAction} className="set-answer">
          <input type="hidden" name="eventId" value={eventId} />
          <input type="hidden" name="personId" value={row.person.id} />
          <label className="visually-hidden" htmlFor={`answer-${row.person.id}`}>
            Answer for {name}
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
      ) : null}
    </li>
  );
}
