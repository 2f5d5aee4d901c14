import { isSameOriginRequest } from "../../lib/security/origin";

/**
 * A 403 for a cross-site state-changing request, or null to go on: what proxy.ts does for /api, as a function of
 * a Request (the app itself calls isSameOriginRequest in proxy.ts).
 */
export function rejectCrossOrigin(request: Request): Response | null {
  if (isSameOriginRequest(request.method, request.headers, { fallbackHost: new URL(request.url).host })) return null;
  return Response.json(
    { error: "Cross-site request refused" },
    { status: 403, headers: { "Cache-Control": "no-store" } },
  );
}
