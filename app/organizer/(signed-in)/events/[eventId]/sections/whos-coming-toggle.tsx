import type { PartyEvent } from "@/lib/data";
import { SubmitButton } from "../../../../../ui/submit-button";
import { setShowWhosComingAction } from "../whos-coming-actions";

/** The host's switch for "who's coming" on guests' RSVP pages (first names of attending households). */
export function WhosComingToggle({ event }: { event: PartyEvent }) {
  return (
    <form action={setShowWhosComingAction} className="inline-form" data-testid="whos-coming-toggle">
      <input type="hidden" name="eventId" value={event.id} />
      <input type="hidden" name="show" value={event.showWhosComing ? "off" : "on"} />
      <p className="muted small">
        {event.showWhosComing
          ? "Guests see who's coming (first names of attending households) on their RSVP page."
          : "Guests do not see who else is coming."}{" "}
        <SubmitButton className="button secondary small">
          {event.showWhosComing ? "Hide who's coming from guests" : "Show guests who's coming"}
        </SubmitButton>
      </p>
    </form>
  );
}
