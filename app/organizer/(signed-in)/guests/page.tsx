import type { Metadata } from "next";
import Link from "next/link";
import { DIETARY_LABELS, personName } from "@/lib/data";
import { requireAddressBookPage } from "@/lib/party";
import { Notice } from "../../../ui/notice";
import { createHouseholdAction } from "./actions";
import { HouseholdForm } from "./household-forms";

export const metadata: Metadata = { title: "Guests" };

export default async function GuestsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q.slice(0, 100) : "";
  // The organizer and the households in one store round trip (lib/party/page-data.ts).
  const { households } = await requireAddressBookPage(query);
  return (
    <>
      <Notice value={params.notice} />
      <h1>Guests</h1>
      <p className="muted">
        Your address book: households and the people in them. Invite them to events from the event page.
      </p>
      <form role="search" method="get" action="/organizer/guests" className="search-form">
        <label htmlFor="q" className="visually-hidden">
          Search by name
        </label>
        <input id="q" name="q" type="search" placeholder="Search by household or person name" defaultValue={query} />
        <button className="button secondary" type="submit">
          Search
        </button>
        {query ? (
          <Link href="/organizer/guests" prefetch={false}>
            Clear
          </Link>
        ) : null}
      </form>
      {households.length === 0 ? (
        <p className="card muted" data-testid="no-households">
          {query ? "No household or person matches that name." : "No households yet. Add the first one below."}
        </p>
      ) : (
        <ul className="household-list" data-testid="household-list">
          {households.map((h) => (
            <li key={h.id} className="card household-card">
              <h2>
                <Link href={`/organizer/guests/${h.id}`} prefetch={false}>
                  {h.name}
                </Link>
              </h2>
              {h.address ? <p className="muted small">{h.address}</p> : null}
              <ul className="people-inline">
                {h.people.map((p) => (
                  <li key={p.id}>
                    {personName(p)}
                    {p.ageGroup === "child" ? " (child)" : ""}
                    {p.dietaryTags.length > 0 ? (
                      <span className="muted"> · {p.dietaryTags.map((t) => DIETARY_LABELS[t]).join(", ")}</span>
                    ) : null}
                  </li>
                ))}
                {h.people.length === 0 ? <li className="muted">No people yet</li> : null}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <section className="card" aria-labelledby="new-household-heading">
        <h2 id="new-household-heading">Add a household</h2>
        <HouseholdForm action={createHouseholdAction} submitLabel="Add household" idPrefix="new-household" />
      </section>
    </>
  );
}
