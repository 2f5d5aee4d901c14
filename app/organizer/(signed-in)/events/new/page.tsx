import type { Metadata } from "next";
import Link from "next/link";
import { requireOrganizerScope } from "@/lib/party";
import { DEFAULT_TIME_ZONE, instantToZoned, timeZoneOptions } from "@/lib/time";
import { createEventAction } from "../actions";
import { EventForm } from "../event-form";

export const metadata: Metadata = { title: "New event" };

export default async function NewEventPage() {
  await requireOrganizerScope("/organizer/events/new");
  // A starting point three weeks out, 6 to 11 pm, answers due a week before.
  const day = (days: number) => instantToZoned(Date.now() + days * 86_400_000, DEFAULT_TIME_ZONE).slice(0, 10);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/organizer" prefetch={false}>
          Events
        </Link>{" "}
        › New event
      </p>
      <h1>New event</h1>
      <EventForm
        action={createEventAction}
        submitLabel="Create event"
        timeZones={timeZoneOptions()}
        suggestBrowserZone
        initial={{
          title: "",
          description: "",
          startsAt: `${day(21)}T18:00`,
          endsAt: `${day(21)}T23:00`,
          timeZone: DEFAULT_TIME_ZONE,
          locationName: "",
          locationAddress: "",
          rsvpDeadline: `${day(14)}T18:00`,
          capacity: "",
          status: "published",
        }}
      />
    </>
  );
}
