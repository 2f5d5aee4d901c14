"use server";

import { notFound, redirect } from "next/navigation";
import { guardAction, isStoreProblem, requireEventRole, setShowWhosComing, whenStoreAllows } from "@/lib/party";
import { formText } from "@/lib/forms";

/** Shows or hides "who's coming" on the event's RSVP pages: session and ownership first, one commit. */
export async function setShowWhosComingAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const show = formText(formData, "show") === "on";
    const result = await whenStoreAllows(() => setShowWhosComing(data, organizer.id, eventId, show));
    if (isStoreProblem(result)) redirect(`/organizer/events/${eventId}?notice=${result.problem}#invitations`);
    if (!result.ok) notFound();
    redirect(`/organizer/events/${eventId}?notice=${show ? "whos-coming-on" : "whos-coming-off"}#invitations`);
  });
}
