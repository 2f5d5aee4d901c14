import { NextResponse, type NextRequest } from "next/server";
import { loginPathFor } from "@/lib/auth/paths";
import { getConfig } from "@/lib/config";
import { buildSessionCookie, expiredSessionCookie, resolveSessionCookie, type ResolvedSession } from "@/lib/session/resolve";
import { getSessionManager } from "@/lib/session/service";
import { serviceUnavailableHtml } from "@/lib/session/unavailable";
import { StoreUnavailableError } from "@/lib/storage/types";

/**
 * Runs before every organizer page and Server Action. It is where sessions are renewed (Server Components
 * cannot set cookies) and where a store outage becomes an honest 503 instead of a hang or a fake "signed
 * out". It is not the authorization boundary: every page, action and route handler checks for itself.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === "/organizer/login" || pathname.startsWith("/organizer/login/")) return noStore(NextResponse.next());

  const config = getConfig();
  const cookieValue = request.cookies.get(config.session.cookieName)?.value;
  let resolved: ResolvedSession | null;
  try {
    resolved = await resolveSessionCookie(cookieValue);
  } catch (error) {
    if (error instanceof StoreUnavailableError) return unavailable(error);
    throw error;
  }

  if (!resolved) {
    // Pages go to the login; actions (POSTs) reach their own check, which answers for itself.
    if (request.method !== "GET" && request.method !== "HEAD") return noStore(NextResponse.next());
    const target = new URL(loginPathFor(`${pathname}${search}`), request.url);
    if (cookieValue) target.searchParams.set("expired", "1");
    const response = NextResponse.redirect(target, 303);
    if (cookieValue) {
      const cleared = expiredSessionCookie();
      response.cookies.set(cleared.name, cleared.value, cleared.attributes);
    }
    return noStore(response);
  }

  const response = NextResponse.next();
  try {
    await renew(resolved, response);
  } catch (error) {
    // Renewal can wait for the next request; the session itself was valid a moment ago.
    if (!(error instanceof StoreUnavailableError)) throw error;
  }
  return noStore(response);
}

async function renew(resolved: ResolvedSession, response: NextResponse): Promise<void> {
  const config = getConfig();
  const manager = getSessionManager();
  if (config.session.mode === "store") {
    const touched = await manager.touchSession(resolved.session);
    // The cookie holds only the token; it is re-sent only to move a persistent cookie's expiry along.
    if (touched?.extended && touched.session.rememberMe) {
      const cookie = await buildSessionCookie(resolved.payload, touched.session);
      response.cookies.set(cookie.name, cookie.value, cookie.attributes);
    }
    return;
  }
  const touched = manager.computeTouch(resolved.session);
  if (touched) {
    const cookie = await buildSessionCookie({ r: touched.session }, touched.session);
    response.cookies.set(cookie.name, cookie.value, cookie.attributes);
  }
}

function unavailable(error: Error): NextResponse {
  console.error(`[session] store unavailable, answering 503: ${error.message}`);
  return noStore(
    new NextResponse(serviceUnavailableHtml(), {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "10" },
    }),
  );
}

function noStore(response: NextResponse): NextResponse {
  response.headers.set("Cache-Control", "private, no-store");
  return response;
}

export const config = {
  matcher: ["/organizer", "/organizer/:path*"],
};
