import { downloadHeaders, exportFileName, guestListCsv, loadEventOverview, ownedEventForRoute } from "@/lib/party";

export const dynamic = "force-dynamic";

/** The guest list with every person's answer, for the event's organizer only. */
export async function GET(_request: Request, { params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const owned = await ownedEventForRoute(eventId, `/organizer/events/${encodeURIComponent(eventId)}`);
  if (!owned.ok) return owned.response;
  const overview = await loadEventOverview(owned.data, owned.event);
  const csv = guestListCsv(owned.event, overview.households, overview.potluck);
  return new Response(csv, { headers: downloadHeaders("text/csv; charset=utf-8", exportFileName(`${owned.event.title}-guests`, "csv")) });
}
