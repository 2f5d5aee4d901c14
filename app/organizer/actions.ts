"use server";

import { redirect } from "next/navigation";
import { destroyCurrentSession } from "@/lib/session";
import { unlessStoreTrouble } from "@/lib/errors";

/**
 * Logging out needs no signed-in check of its own: it only ever ends the session the request carries.
 * It is a POST (a Server Action), so a link or an image on another site cannot log anyone out.
 */
export async function logoutAction(): Promise<void> {
  const ended = await unlessStoreTrouble(
    "logout",
    async () => {
      await destroyCurrentSession("logout");
      return true;
    },
    // The session could not be ended on the server, so the browser is not told it was: back to the organizer
    // pages, where proxy.ts answers the honest 503 ("you are still signed in") until the store is back and the
    // organizer can log out for real.
    () => false,
  );
  redirect(ended ? "/organizer/login?signedOut=1" : "/organizer");
}
