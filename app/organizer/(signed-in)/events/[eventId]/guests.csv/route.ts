import { exportFileName, guestListCsv, downloadHeaders, eventForRoute, loadEventOverview } from "@/lib/party";
import { requestOrigin } from "@/lib/security";

export const dynamic = "force-dynamic";

/** The guest list with every person's answer and their household's RSVP link, for the event's organizer only. */
export async function GET(_request: Request, { params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const owned = await eventForRoute(eventId, "cohost", `/organizer/events/${encodeURIComponent(eventId)}`);
  if (!owned.ok) return owned.response;
  const [overview, origin] = await Promise.all([loadEventOverview(owned.data, owned.event), requestOrigin()]);
  const csv = guestListCsv(owned.event, overview.households, overview.potluck, (invitation) => {
    const token = owned.data.invitations.tokenOf(invitation);
    return token ? `${origin}/rsvp/${token}` : null;
  });
  return new Response(csv, {
    headers: downloadHeaders("text/csv; charset=utf-8", exportFileName(`${owned.event.title}-guests`, "csv")),
  });
}
