import type { Metadata } from "next";
import { nextYearFormFields } from "@/lib/data";
import { requireEventRole } from "@/lib/party";
import { timeZoneOptions } from "@/lib/time";
import { duplicateEventAction } from "../../actions";
import { EventBreadcrumb } from "../../event-breadcrumb";
import { EventForm } from "../../event-form";

export const metadata: Metadata = { title: "Host it again" };

/** "Host it again next year": the event's form, a year on, as a draft; saving copies its potluck and guest lists. */
export default async function DuplicateEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { event } = await requireEventRole(
    eventId,
    "owner",
    `/organizer/events/${encodeURIComponent(eventId)}/duplicate`,
  );
  return (
    <>
      <EventBreadcrumb event={event} here="Host it again" />
      <h1>Host it again</h1>
      <p className="muted">
        A new party with this one&apos;s details, a year later. Its potluck list comes along (without anyone&apos;s
        claims), and so does the guest list: each household gets a new link, with no answers yet. It starts as a draft,
        so no link opens until you publish it.
      </p>
      <EventForm
        action={duplicateEventAction}
        eventId={event.id}
        submitLabel="Create the new party"
        timeZones={timeZoneOptions()}
        initial={nextYearFormFields(event)}
      />
    </>
  );
}
