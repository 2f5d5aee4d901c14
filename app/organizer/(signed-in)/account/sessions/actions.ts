"use server";

import { redirect } from "next/navigation";
import { endOtherSessions, requireOrganizer } from "@/lib/auth";
import { destroyCurrentSession, endOrganizerSession, setFlash } from "@/lib/session";
import { describeUserAgent } from "./user-agent";

const SESSIONS_PATH = "/organizer/account/sessions";

/** Ends one of the organizer's own sessions. Someone else's, or an unknown id, gets the same answer as an
 * already ended one: nothing about other organizers' sessions is revealed or touched. */
export async function signOutSessionAction(formData: FormData): Promise<void> {
  const { organizer, session: current } = await requireOrganizer(SESSIONS_PATH);
  const id = formData.get("sessionId");
  if (typeof id === "string" && id === current.id) {
    await destroyCurrentSession("logout");
    redirect("/organizer/login?signedOut=1");
  }
  const target = typeof id === "string" ? await endOrganizerSession(organizer.id, id) : null;
  if (target) {
    await setFlash(current, `Signed out ${describeUserAgent(target.userAgent).label}.`);
  } else {
    await setFlash(current, "That session had already ended.");
  }
  redirect(SESSIONS_PATH);
}

export async function signOutOtherSessionsAction(): Promise<void> {
  const { organizer, session } = await requireOrganizer(SESSIONS_PATH);
  const ended = await endOtherSessions(organizer.id, session.id, "organizer");
  await setFlash(
    session,
    ended === 0 ? "There were no other sessions." : `Signed out of ${ended} other session${ended === 1 ? "" : "s"}.`,
  );
  redirect(SESSIONS_PATH);
}
