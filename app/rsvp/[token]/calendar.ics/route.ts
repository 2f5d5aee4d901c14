import { downloadHeaders, guestIcs } from "@/lib/party";
import { requestOrigin } from "@/lib/security";

export const dynamic = "force-dynamic";

/**
 * The party as an .ics file for the household whose RSVP link this is: the token in the path is the only
 * credential, checked here (an unknown, revoked or draft link is a bare 404, like the page's).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const origin = await requestOrigin();
  const file = await guestIcs(token, `${origin}/rsvp/${token}`);
  if (!file) {
    return new Response("Not found\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(file.body, { headers: downloadHeaders("text/calendar; charset=utf-8", file.fileName) });
}
