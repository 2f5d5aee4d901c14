import { redirect } from "next/navigation";
import { verifyEmail } from "@/lib/auth";
import { isStoreTrouble } from "@/lib/errors";
import { serviceUnavailableHtml } from "@/app/ui/unavailable";

export const dynamic = "force-dynamic";

/**
 * A mailed email-verification link. The token alone proves the mailbox (no session needed: it may be opened on
 * a phone); the outcome is shown on the account page, which asks to sign in first when needed.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let outcome: string;
  try {
    outcome = await verifyEmail(token);
  } catch (error) {
    if (!isStoreTrouble(error)) throw error;
    console.error(`[account] verification link: store unavailable: ${error.message}`);
    return new Response(serviceUnavailableHtml(), {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "30" },
    });
  }
  redirect(`/organizer/account?verify=${outcome}`);
}
