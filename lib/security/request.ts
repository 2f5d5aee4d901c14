import "server-only";
import { headers } from "next/headers";
import { clientAddressFrom, networkHint, UNKNOWN_ADDRESS } from "./client-address";
import { getConfig } from "../config";
import { publicOrigin } from "./origin";

/** What Server Actions need to know about the request beyond the form: who is asking and from where. */
export async function requestInfo(): Promise<{ address: string; network: string | null; origin: string }> {
  const h = await headers();
  const config = getConfig();
  const address = clientAddressFrom(h, config.clientAddress) ?? UNKNOWN_ADDRESS;
  return { address, network: networkHint(address), origin: publicOrigin(config, h) };
}

/**
 * This site's origin for links a person copies or receives (RSVP links, reset mails): APP_URL in production,
 * so a forged Host header never ends up in a link; the request's own origin in development.
 */
export async function requestOrigin(): Promise<string> {
  return publicOrigin(getConfig(), await headers());
}
