import "server-only";
import { getCurrentOrganizer } from "../auth/current";
import { loginPathFor } from "../auth/paths";
import { getPartyData, type PartyData } from "../data";
import { roleAllows, type EventRole, type PartyEvent } from "../data/events";
import type { PublicOrganizer } from "../data/organizers";
import { eventAccess } from "./event-access";

/**
 * Route Handlers answer with plain responses rather than pages: no session is a redirect to the login, an
 * event this organizer does not host at `minRole` (or that does not exist) a bare 404 with no data in it.
 * Decided by eventAccess, like every page and action.
 */
export async function eventForRoute(
  eventId: string,
  minRole: EventRole,
  returnTo: string,
): Promise<
  | { ok: true; organizer: PublicOrganizer; event: PartyEvent; role: EventRole; data: PartyData }
  | { ok: false; response: Response }
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
  const access = await eventAccess(data, signedIn.organizer.id, eventId);
  if (!access || !roleAllows(access.role, minRole)) {
    return {
      ok: false,
      response: new Response("Not found\n", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      }),
    };
  }
  return { ok: true, organizer: signedIn.organizer, event: access.event, role: access.role, data };
}

export function downloadHeaders(contentType: string, fileName: string): HeadersInit {
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
