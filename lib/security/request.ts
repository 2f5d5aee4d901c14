import "server-only";
import { headers } from "next/headers";
import { clientAddressFrom } from "../auth/client-address";
import { getConfig } from "../config";
import { publicOrigin } from "./origin";

/** What Server Actions need to know about the request beyond the form: who is asking and from where. */
export async function requestInfo(): Promise<{ address: string | null; origin: string }> {
  const h = await headers();
  return { address: clientAddressFrom(h), origin: publicOrigin(getConfig().mail.appUrl, h) };
}
