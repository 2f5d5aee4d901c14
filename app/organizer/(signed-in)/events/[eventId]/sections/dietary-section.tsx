import type { DietarySummary } from "@/lib/party";

/** Who needs what, among everyone attending or maybe attending. */
export function DietarySection({ dietary }: { dietary: DietarySummary }) {
  return (
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
  );
}
