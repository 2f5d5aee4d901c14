"use server";

import { redirect } from "next/navigation";
import { destroyCurrentSession } from "@/lib/session";

/**
 * Logging out needs no signed-in check of its own: it only ever ends the session the request carries.
 * It is a POST (a Server Action), so a link or an image on another site cannot log anyone out.
 */
export async function logoutAction(): Promise<void> {
  await destroyCurrentSession("logout");
  redirect("/organizer/login?signedOut=1");
}
