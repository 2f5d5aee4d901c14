import { invitationLinksText, eventForRoute, loadEventOverview } from "@/lib/party";
import { requestOrigin } from "@/lib/security";

export const dynamic = "force-dynamic";

/**
 * Every working RSVP link of the event as "Household: link" lines, for "Copy all links" (which fetches it) and,
 * without JavaScript, to open and copy by hand. A route rather than part of the page, so that the event page's
 * HTML does not grow with the guest list. The event's organizer only.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const owned = await eventForRoute(eventId, "cohost", `/organizer/events/${encodeURIComponent(eventId)}`);
  if (!owned.ok) return owned.response;
  const [overview, origin] = await Promise.all([loadEventOverview(owned.data, owned.event), requestOrigin()]);
  const text = invitationLinksText(overview.households, (invitation) => {
    const token = owned.data.invitations.tokenOf(invitation);
    return token ? `${origin}/rsvp/${token}` : null;
  });
  return new Response(text, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
