import Link from "next/link";

/** "Events › <event title> › <here>": the trail above the pages under one event (edit, host it again). */
export function EventBreadcrumb({ event, here }: { event: { id: string; title: string }; here: string }) {
  return (
    <p className="breadcrumb">
      <Link href="/organizer" prefetch={false}>
        Events
      </Link>{" "}
      ›{" "}
      <Link href={`/organizer/events/${event.id}`} prefetch={false}>
        {event.title}
      </Link>{" "}
      › {here}
    </p>
  );
}
