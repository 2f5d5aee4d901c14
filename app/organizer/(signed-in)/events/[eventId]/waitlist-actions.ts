"use server";

import { notFound, redirect } from "next/navigation";
import { isId } from "@/lib/data";
import { requireEventRole, promoteFromWaitlist, guardAction, isStoreProblem, whenStoreAllows } from "@/lib/party";
import { formText } from "@/lib/forms";
import { after } from "next/server";
import { sendQueuedMailSoon } from "@/lib/jobs";

/**
 * "Promote" on the event page's waitlist: session and ownership of the event first, then the repository
 * checks the person is on this organizer's event and waiting, and gives the place in one commit only if the
 * capacity allows. The outcome is shown in the waitlist section (`?waitlist=`), where the host clicked.
 */
export async function promoteAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const personId = formText(formData, "personId");
    if (!isId(personId)) notFound();
    const result = await whenStoreAllows(() => promoteFromWaitlist(data, organizer.id, eventId, personId));
    const back = (outcome: string) => `/organizer/events/${eventId}?waitlist=${outcome}#waitlist`;
    if (isStoreProblem(result)) redirect(back(result.problem));
    if (!result.ok) {
      if (result.reason === "not-found") notFound();
      redirect(back(result.reason));
    }
    // The household's "you're in" mail was queued with the place: send it now rather than at the next tick.
    after(sendQueuedMailSoon);
    redirect(back("promoted"));
  });
}
