import type { Metadata } from "next";
import Link from "next/link";
import { DIETARY_LABELS, personName } from "@/lib/data";
import { requireOwnedHousehold } from "@/lib/party";
import { Notice } from "../../../../ui/notice";
import { SubmitButton } from "../../../../ui/submit-button";
import {
  addPersonAction,
  deleteHouseholdAction,
  removePersonAction,
  updateHouseholdAction,
  updatePersonAction,
} from "../actions";
import { HouseholdForm, PersonForm } from "../household-forms";

export async function generateMetadata({ params }: Pick<Params, "params">): Promise<Metadata> {
  const { household } = await requireOwnedHousehold((await params).householdId);
  return { title: `${household.name} · Guests` };
}

type Params = {
  params: Promise<{ householdId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function HouseholdPage({ params, searchParams }: Params) {
  const { householdId } = await params;
  const { organizer, household, data } = await requireOwnedHousehold(
    householdId,
    `/organizer/guests/${encodeURIComponent(householdId)}`,
  );
  const [query, invitations] = await Promise.all([searchParams, data.invitations.listForHousehold(household.id)]);
  const events = await data.events.getManyHosted(
    organizer.id,
    invitations.map((i) => i.eventId),
  );
  const hidden = <input type="hidden" name="householdId" value={household.id} />;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/organizer/guests" prefetch={false}>
          Guests
        </Link>{" "}
        › {household.name}
      </p>
      <Notice value={query.notice} />
      <h1 data-testid="household-name">{household.name}</h1>
      {household.address ? <p className="muted">{household.address}</p> : null}

      <section className="card" id="people" aria-labelledby="people-heading">
        <h2 id="people-heading">People</h2>
        {household.people.length === 0 ? (
          <p className="muted">Nobody yet: add the people of this household below.</p>
        ) : null}
        <ul className="people">
          {household.people.map((p) => (
            <li key={p.id} className="person-row" data-testid="person">
              <div className="person-main">
                <strong>{personName(p)}</strong>
                {p.ageGroup === "child" ? <span className="muted"> (child)</span> : null}
                <div className="muted small">
                  {[p.email, p.phone, ...p.dietaryTags.map((t) => DIETARY_LABELS[t]), p.dietaryNotes]
                    .filter(Boolean)
                    .join(" · ")}
                </div>
              </div>
              <details>
                <summary>Edit</summary>
                <PersonForm
                  action={updatePersonAction}
                  householdId={household.id}
                  person={p}
                  submitLabel="Save person"
                  idPrefix={`person-${p.id}`}
                />
                <form action={removePersonAction}>
                  {hidden}
                  <input type="hidden" name="personId" value={p.id} />
                  <SubmitButton className="button danger small">Remove {p.firstName}</SubmitButton>
                </form>
              </details>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" id="add-person" aria-labelledby="add-person-heading">
        <h2 id="add-person-heading">Add a person</h2>
        <PersonForm
          action={addPersonAction}
          householdId={household.id}
          submitLabel="Add person"
          idPrefix="new-person"
        />
      </section>

      <section className="card" aria-labelledby="household-heading">
        <h2 id="household-heading">Household details</h2>
        <HouseholdForm
          action={updateHouseholdAction}
          household={household}
          submitLabel="Save household"
          idPrefix="household"
        />
      </section>

      <section className="card" aria-labelledby="invited-heading">
        <h2 id="invited-heading">Invited to</h2>
        {events.length === 0 ? (
          <p className="muted">No events yet.</p>
        ) : (
          <ul>
            {events.map((e) => (
              <li key={e.id}>
                <Link href={`/organizer/events/${e.id}`} prefetch={false}>
                  {e.title}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <details className="danger-zone">
          <summary>Delete this household…</summary>
          <form action={deleteHouseholdAction}>
            {hidden}
            <p>
              This removes the household and its people from your address book and from every event, with their answers.
            </p>
            <SubmitButton className="button danger">Delete household permanently</SubmitButton>
          </form>
        </details>
      </section>
    </>
  );
}
