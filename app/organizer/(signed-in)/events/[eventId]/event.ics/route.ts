import { downloadHeaders, eventIcs, exportFileName, eventForRoute } from "@/lib/party";

export const dynamic = "force-dynamic";

/** The event for the organizer's calendar. */
export async function GET(_request: Request, { params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const owned = await eventForRoute(eventId, "cohost", `/organizer/events/${encodeURIComponent(eventId)}`);
  if (!owned.ok) return owned.response;
  return new Response(eventIcs(owned.event, owned.organizer), {
    headers: downloadHeaders("text/calendar; charset=utf-8", exportFileName(owned.event.title, "ics")),
  });
}
