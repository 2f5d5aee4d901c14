import { redirect } from "next/navigation";
import { signInWithLink } from "@/lib/auth";
import { isStoreTrouble } from "@/lib/errors";
import { requestInfo } from "@/lib/security";
import { serviceUnavailableHtml } from "@/app/ui/unavailable";

export const dynamic = "force-dynamic";

/**
 * A mailed sign-in link. Opened in the browser that asked for it (its nonce cookie), it signs in exactly like
 * a password log-in and lands on the dashboard. Anything else (used, expired, another browser, not a link of
 * ours) goes back to the login page, which says why and offers a new link: never an error page.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let refusal: string | null = null;
  try {
    const { network } = await requestInfo();
    const outcome = await signInWithLink(token, network);
    if (!outcome.ok) refusal = outcome.reason;
  } catch (error) {
    if (!isStoreTrouble(error)) throw error;
    console.error(`[login] sign-in link: store unavailable: ${error.message}`);
    return new Response(serviceUnavailableHtml(), {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "30" },
    });
  }
  redirect(refusal ? `/organizer/login?link=${refusal}` : "/organizer");
}
