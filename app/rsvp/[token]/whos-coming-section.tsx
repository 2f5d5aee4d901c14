import type { WhosComingEntry } from "@/lib/party";

/** "Who's coming": first names of the households holding a place, shown only when the host chose to. */
export function WhosComingSection({ entries }: { entries: WhosComingEntry[] | null }) {
  if (entries === null) return null;
  return (
    <section className="card" id="whos-coming" aria-labelledby="whos-coming-heading" data-testid="whos-coming">
      <h2 id="whos-coming-heading">Who&apos;s coming</h2>
      {entries.length === 0 ? (
        <p className="muted">Nobody has said yes yet. Be the first!</p>
      ) : (
        <ul className="whos-coming-list">
          {entries.map((entry, i) => (
            <li key={i}>
              {entry.firstNames.join(", ")}
              {entry.guests > 0 ? (
                <span className="muted"> +{entry.guests === 1 ? "1 guest" : `${entry.guests} guests`}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
