import "server-only";
import { getCurrentOrganizer } from "../auth/current";
import { loginPathFor } from "../auth/paths";
import { getPartyData, type PartyData } from "../data";
import type { PartyEvent } from "../data/events";
import type { PublicOrganizer } from "../data/organizers";
import { isId } from "../data/records";

/**
 * Route Handlers answer with plain responses rather than pages: no session is a redirect to the login, an
 * event that is not this organizer's (or does not exist) a bare 404 with no data in it.
 */
export async function ownedEventForRoute(
  eventId: string,
  returnTo: string,
): Promise<
  { ok: true; organizer: PublicOrganizer; event: PartyEvent; data: PartyData } | { ok: false; response: Response }
> {
  const signedIn = await getCurrentOrganizer();
  if (!signedIn) {
    return {
      ok: false,
      response: new Response(null, {
        status: 303,
        headers: { Location: loginPathFor(returnTo), "Cache-Control": "no-store" },
      }),
    };
  }
  const data = getPartyData();
  const event = isId(eventId) ? await data.events.getOwned(signedIn.organizer.id, eventId) : null;
  if (!event) {
    return {
      ok: false,
      response: new Response("Not found\n", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      }),
    };
  }
  return { ok: true, organizer: signedIn.organizer, event, data };
}

export function downloadHeaders(contentType: string, fileName: string): HeadersInit {
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
