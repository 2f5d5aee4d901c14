import { getPartyData } from "@/lib/data";
import { unsubscribeSecrets } from "@/lib/jobs";
import { escapeHtml, openUnsubscribeToken, optOut } from "@/lib/mail";
import { isStoreTrouble } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * One-click unsubscribe (RFC 8058) for one household and event. GET shows a button (link scanners that
 * prefetch mail links must not unsubscribe anyone); POST, from that button or a mail program's one-click
 * "List-Unsubscribe=One-Click", records the opt-out. The token is an HMAC of the invitation id, not its RSVP link.
 */

function page(title: string, body: string, status = 200): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/unsubscribe.css"></head><body><main class="card"><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}

const invalid = () =>
  page("This link is not valid", "<p>The unsubscribe link may be incomplete. Nothing was changed.</p>", 404);

async function invitationOf(params: Promise<{ token: string }>) {
  const { token } = await params;
  return openUnsubscribeToken(unsubscribeSecrets(), token);
}

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const invitationId = await invitationOf(params);
  if (!invitationId) return invalid();
  return page(
    "Stop mail about this party?",
    `<p>Your household will get no more mail about this party from this planner: no reminders, no updates.</p><form method="post"><button type="submit" name="List-Unsubscribe" value="One-Click">Unsubscribe</button></form>`,
  );
}

export async function POST(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const invitationId = await invitationOf(params);
  if (!invitationId) return invalid();
  try {
    const outcome = await optOut(getPartyData().db, invitationId);
    if (outcome === "not-found") return page("Unsubscribed", "<p>You will get no more mail about this party.</p>");
    return page(
      "Unsubscribed",
      "<p>You will get no more mail about this party. Your host can see that you opted out.</p>",
    );
  } catch (error) {
    if (!isStoreTrouble(error)) throw error;
    return page("Please try again", "<p>We could not record that right now. Please try again in a minute.</p>", 503);
  }
}
