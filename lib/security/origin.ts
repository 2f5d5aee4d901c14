import { requireAppUrl, type AppConfig } from "../config";

/**
 * Origin checks for state-changing Route Handlers. Next.js checks Server Actions itself (Origin against
 * x-forwarded-host/host) but gives Route Handlers nothing, so proxy.ts refuses every cross-origin
 * POST/PUT/PATCH/DELETE under /api with isSameOriginRequest (403) before a handler runs.
 *
 * Browsers send Origin with every non-GET request, so a request from another site is always caught. A
 * request without Origin is not from a browser form or fetch (curl, a server-to-server call): it carries no
 * ambient cookies to abuse, and is let through unless Sec-Fetch-Site says it came from another site.
 */

interface HeaderSource {
  get(name: string): string | null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The host the request was addressed to, as Next.js itself determines it for Server Actions. */
export function requestHost(headers: HeaderSource): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return (forwarded || headers.get("host"))?.toLowerCase() ?? null;
}

export function isSameOriginRequest(
  method: string,
  headers: HeaderSource,
  options: { fallbackHost?: string; extraAllowedHosts?: readonly string[] } = {},
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const origin = headers.get("origin");
  if (origin === null) {
    const site = headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none";
  }
  if (origin === "null") return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  const host = requestHost(headers) ?? options.fallbackHost?.toLowerCase() ?? null;
  return originHost === host || (options.extraAllowedHosts ?? []).includes(originHost);
}

/**
 * The public origin for links that leave the site (mail, RSVP links to copy): APP_URL, or Vercel's own origin.
 * Production never falls back to the request's headers: a forged Host or X-Forwarded-Host would put a valid
 * reset link on the attacker's site (requireAppUrl throws instead; start-up refuses to run without it). Only
 * development uses the request's host.
 */
export function publicOrigin(config: Pick<AppConfig, "isProduction" | "mail">, headers: HeaderSource): string {
  const appUrl = requireAppUrl(config);
  if (appUrl) return appUrl;
  const host = requestHost(headers) ?? "localhost";
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
