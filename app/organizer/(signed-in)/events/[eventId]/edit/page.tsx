import type { Metadata } from "next";
import { eventToFormFields } from "@/lib/data";
import { requireEditEventPage } from "@/lib/party";
import { timeZoneOptions } from "@/lib/time";
import { updateEventAction } from "../../actions";
import { EventBreadcrumb } from "../../event-breadcrumb";
import { EventForm } from "../../event-form";

export async function generateMetadata({ params }: { params: Promise<{ eventId: string }> }): Promise<Metadata> {
  const { event } = await requireEditEventPage((await params).eventId);
  return { title: `Edit: ${event.title}` };
}

export default async function EditEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  // The organizer and the event in one store round trip (lib/party/page-data.ts), shared with the tab title.
  const { event } = await requireEditEventPage(eventId);
  return (
    <>
      <EventBreadcrumb event={event} here="Edit" />
      <h1>Edit event</h1>
      <EventForm
        action={updateEventAction}
        eventId={event.id}
        version={event.version}
        submitLabel="Save changes"
        timeZones={timeZoneOptions()}
        initial={eventToFormFields(event)}
      />
    </>
  );
}
