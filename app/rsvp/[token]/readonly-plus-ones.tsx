import { DIETARY_LABELS } from "@/lib/data";
import type { GuestContext } from "@/lib/party";

/** The household's extra guests once answers are closed: what the host has, read-only. */
export function ReadonlyPlusOnes({ response }: { response: GuestContext["response"] }) {
  if (response.plusOnes.length === 0) return null;
  const coming = Object.values(response.answers).some((a) => a.status === "attending");
  return (
    <>
      <h3>Your guests</h3>
      <ul className="people readonly-answers" data-testid="readonly-plus-ones">
        {response.plusOnes.map((guest) => (
          <li key={guest.id} className="person-row">
            <span className="person-name">
              <strong>{guest.name}</strong>
              {guest.dietaryTags.length > 0 ? (
                <span className="muted small person-diet">
                  {guest.dietaryTags.map((t) => DIETARY_LABELS[t]).join(", ")}
                </span>
              ) : null}
            </span>
            <span className="badge">
              {!coming ? "Not coming" : guest.waitlistedAt !== undefined ? "On the waitlist" : "Attending"}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
