import type { Metadata } from "next";
import Link from "next/link";
import { eventToFormFields } from "@/lib/data";
import { requireEventRole } from "@/lib/party";
import { timeZoneOptions } from "@/lib/time";
import { updateEventAction } from "../../actions";
import { EventForm } from "../../event-form";

export async function generateMetadata({ params }: { params: Promise<{ eventId: string }> }): Promise<Metadata> {
  const { event } = await requireEventRole((await params).eventId, "cohost");
  return { title: `Edit: ${event.title}` };
}

export default async function EditEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { event } = await requireEventRole(eventId, "cohost", `/organizer/events/${encodeURIComponent(eventId)}/edit`);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/organizer" prefetch={false}>
          Events
        </Link>{" "}
        ›{" "}
        <Link href={`/organizer/events/${event.id}`} prefetch={false}>
          {event.title}
        </Link>{" "}
        › Edit
      </p>
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
