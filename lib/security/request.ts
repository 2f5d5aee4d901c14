import "server-only";
import { headers } from "next/headers";
import { clientAddressFrom, UNKNOWN_ADDRESS } from "./client-address";
import { getConfig } from "../config";
import { publicOrigin } from "./origin";

/** What Server Actions need to know about the request beyond the form: who is asking and from where. */
export async function requestInfo(): Promise<{ address: string; origin: string }> {
  const h = await headers();
  const config = getConfig();
  return { address: clientAddressFrom(h, config.clientAddress) ?? UNKNOWN_ADDRESS, origin: publicOrigin(config, h) };
}
