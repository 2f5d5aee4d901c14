import { NextResponse, type NextRequest } from "next/server";
import { isPublicOrganizerPath, loginPathFor } from "@/lib/auth";
import { getConfig, getSessionSecrets } from "@/lib/config";
import {
  ALLOWED_METHODS,
  BAD_REQUEST,
  buildContentSecurityPolicy,
  type ErrorPage,
  errorPageHtml,
  generateNonce,
  isSameOriginRequest,
  METHOD_NOT_ALLOWED,
  PAYLOAD_TOO_LARGE,
} from "@/lib/security";
import {
  expiredSessionCookie,
  renewResolvedSession,
  type ResolvedSession,
  resolveSessionCookie,
  sealSessionHandoff,
  SESSION_HANDOFF_HEADER,
  type SessionCookie,
  type SessionRecord,
} from "@/lib/session";
import { guestUnavailableHtml, serviceUnavailableHtml, type Resubmission } from "@/app/ui/unavailable";
import { getStore } from "@/lib/storage";
import { isStoreTrouble, StoreUnavailableError } from "@/lib/errors";

/**
 * Runs before every page, Server Action and Route Handler (not static assets):
 * - every response gets the Content-Security-Policy with a fresh nonce, which Next.js reads from the request
 *   copy of the header and puts on its own scripts;
 * - state-changing /api requests from another origin are refused (Route Handlers also check for themselves);
 * - for organizer pages, sessions are renewed (Server Components cannot set cookies) and a store outage
 *   becomes an honest 503 instead of a hang or a fake "signed out";
 * - guest pages (and the reset-link page) answer 503 while the store is down, instead of failing as a 500;
 * - requests no route can answer (bad method, undecodable path, malformed Server Action) get a 400/405 page;
 * - the session it validated is handed to the render (lib/session/handoff.ts), so the page does not read it
 *   from the store a second time.
 * It is not the authorization boundary: every page, action and route handler checks for itself.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const nonce = generateNonce();
  const csp = buildContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV !== "production" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  // Only this proxy may hand a session to the render; whatever a client sent under that name goes.
  requestHeaders.delete(SESSION_HANDOFF_HEADER);
  const next = () => NextResponse.next({ request: { headers: requestHeaders } });
  const secured = (response: NextResponse) => {
    response.headers.set("Content-Security-Policy", csp);
    return response;
  };

  const refused = await malformed(request);
  if (refused) return secured(errorResponse(refused, nonce));

  if (pathname.startsWith("/api/")) {
    if (!isSameOriginRequest(request.method, request.headers)) {
      return secured(
        NextResponse.json(
          { error: "Cross-site request refused" },
          { status: 403, headers: { "Cache-Control": "no-store" } },
        ),
      );
    }
    return secured(next());
  }
  if (rendersFromTheStore(pathname) && !isServerActionCall(request)) {
    // Guest pages (and the reset-link page) read the store before anything else: with the store down they
    // would fail as a 500. Answer the honest 503 here instead, in the one place every such request passes.
    const outage = await storeOutage();
    if (outage) return secured(await guestUnavailable(request, outage, nonce));
  }
  if (pathname !== "/organizer" && !pathname.startsWith("/organizer/")) return secured(next());
  if (isPublicOrganizerPath(pathname)) return secured(noStore(next()));

  const config = getConfig();
  const cookieValue = request.cookies.get(config.session.cookieName)?.value;
  let resolved: ResolvedSession | null;
  try {
    resolved = await resolveSessionCookie(cookieValue);
  } catch (error) {
    if (isStoreTrouble(error)) return secured(unavailable(error, nonce));
    throw error;
  }

  if (!resolved) {
    // Pages go to the login; actions (POSTs) reach their own check, which answers for itself.
    if (request.method !== "GET" && request.method !== "HEAD") return secured(noStore(next()));
    const target = new URL(loginPathFor(`${pathname}${search}`), request.url);
    if (cookieValue) target.searchParams.set("expired", "1");
    const response = NextResponse.redirect(target, 303);
    if (cookieValue) {
      const cleared = expiredSessionCookie();
      response.cookies.set(cleared.name, cleared.value, cleared.attributes);
    }
    return secured(noStore(response));
  }

  let renewed: { session: SessionRecord; cookie?: SessionCookie } = { session: resolved.session };
  try {
    renewed = await renewResolvedSession(resolved);
  } catch (error) {
    // Renewal can wait for the next request; the session itself was valid a moment ago.
    if (!isStoreTrouble(error)) throw error;
  }
  // cookieValue is set: resolveSessionCookie found a session in it.
  requestHeaders.set(SESSION_HANDOFF_HEADER, sealSessionHandoff(getSessionSecrets(), cookieValue!, renewed.session));
  const response = next();
  if (renewed.cookie) response.cookies.set(renewed.cookie.name, renewed.cookie.value, renewed.cookie.attributes);
  return secured(noStore(response));
}

function unavailable(error: Error, nonce: string): NextResponse {
  console.error(`[session] store unavailable, answering 503: ${error.message}`);
  return noStore(
    new NextResponse(serviceUnavailableHtml(nonce), {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "10" },
    }),
  );
}

/**
 * Requests no route of this app can answer, refused with the app's own error page before they reach one (where
 * Next.js would answer a bare 500): an unsupported method, a path whose percent-encoding does not decode, a
 * Server Action whose id or body cannot be what a browser sends, a form body that does not parse. What Next.js
 * handles before this proxy runs (TRACE, which the server hook answers; requests under /_next/static; bodies
 * Next itself cuts off) is listed in docs/security.md.
 */
async function malformed(request: NextRequest): Promise<ErrorPage | null> {
  if (!(ALLOWED_METHODS as readonly string[]).includes(request.method)) return METHOD_NOT_ALLOWED;
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return BAD_REQUEST;
  }
  if (request.method !== "POST") return null;
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  const actionId = request.headers.get("next-action");
  const isForm = type.startsWith("multipart/form-data");
  if (actionId === null && !isForm) return null;
  if (Number(request.headers.get("content-length") ?? "0") > MAX_ACTION_BODY_BYTES) return PAYLOAD_TOO_LARGE;
  if (actionId !== null) {
    // Next's own check (server-reference ids are 42 characters; manifests-singleton.js) answers a bare 400.
    if (!/^[0-9a-f]{42}$/i.test(actionId)) return BAD_REQUEST;
    // What React's client sends: the argument list as JSON text (an array), or (with a form) multipart.
    if (type.startsWith("text/plain"))
      return (await request
        .clone()
        .text()
        .then(isJsonArray, () => false))
        ? null
        : BAD_REQUEST;
    if (!isForm) return BAD_REQUEST;
  }
  return (await request
    .clone()
    .formData()
    .then(
      () => true,
      () => false,
    ))
    ? null
    : BAD_REQUEST;
}

/** Next.js refuses Server Action bodies over 1 MB (serverActions.bodySizeLimit); so does this. */
const MAX_ACTION_BODY_BYTES = 1024 * 1024;

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

function errorResponse(page: ErrorPage, nonce: string): NextResponse {
  const headers: Record<string, string> = { "Content-Type": "text/html; charset=utf-8" };
  if (page.status === 405) headers.Allow = ALLOWED_METHODS.join(", ");
  return noStore(new NextResponse(errorPageHtml(page, nonce), { status: page.status, headers }));
}

/** Public pages that cannot render a word without the store: the RSVP pages and the reset-link page. */
function rendersFromTheStore(pathname: string): boolean {
  return pathname.startsWith("/rsvp/") || pathname.startsWith("/organizer/reset-password/");
}

/**
 * A Server Action called by JavaScript (it carries Next's `Next-Action` header). Those are not answered with the
 * 503 page: React would throw the form (and what the guest typed) away on a response it cannot read. The guest
 * actions answer for themselves with a message instead (guestAction, lib/party/store-errors.ts). A form posted without
 * JavaScript is a plain navigation and gets the page.
 */
function isServerActionCall(request: NextRequest): boolean {
  return request.method === "POST" && request.headers.has("next-action");
}

/** The store's outage, or null when it answers (a PING on Redis; a writability check of DATA_DIR on fs). */
async function storeOutage(): Promise<StoreUnavailableError | null> {
  try {
    await getStore().ping();
    return null;
  } catch (error) {
    if (error instanceof StoreUnavailableError) return error;
    throw error;
  }
}

/** Most of a form a guest can fill in; a bigger body is not offered back. */
const MAX_RESUBMIT_BYTES = 64 * 1024;

async function guestUnavailable(request: NextRequest, error: Error, nonce: string): Promise<NextResponse> {
  // The path holds the RSVP token (a credential): it is not logged.
  console.error(`[store] unavailable, answering 503 on a public page: ${error.message}`);
  let resubmit: Resubmission | undefined;
  const { pathname, search } = request.nextUrl;
  if (request.method === "POST" && pathname.startsWith("/rsvp/")) {
    const length = Number(request.headers.get("content-length") ?? "0");
    if (length <= MAX_RESUBMIT_BYTES) {
      const form = await request
        .clone()
        .formData()
        .catch(() => null);
      if (form) {
        const fields: [string, string][] = [];
        for (const [name, value] of form) if (typeof value === "string") fields.push([name, value]);
        resubmit = { action: `${pathname}${search}`, fields };
      }
    }
  }
  return noStore(
    new NextResponse(guestUnavailableHtml(nonce, resubmit), {
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
  // Everything but build assets and the icon: every page needs the CSP nonce.
  matcher: ["/((?!_next/static|_next/image|favicon\\.svg).*)"],
};
