import "server-only";
import { headers } from "next/headers";
import { getConfig } from "@/lib/config";
import { publicOrigin } from "@/lib/security";

/**
 * This site's origin for full RSVP links to copy: APP_URL in production (a forged Host header must not end up
 * in a link an organizer sends to their guests), the request's own origin in development.
 */
export async function requestOrigin(): Promise<string> {
  return publicOrigin(getConfig(), await headers());
}
