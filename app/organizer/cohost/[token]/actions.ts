"use server";

import { notFound, redirect } from "next/navigation";
import { acceptCohostInvite, guardAction, isStoreProblem, requireOrganizerScope, whenStoreAllows } from "@/lib/party";
import { formText } from "@/lib/forms";

/**
 * Accepting a co-host invitation: signed in (else the login page, back here after), and the lib/data commit
 * checks the link (open, not expired) and that the organizer's address is the invited one.
 */
export async function acceptCohostInviteAction(formData: FormData): Promise<void> {
  const token = formText(formData, "token", 100);
  const page = `/organizer/cohost/${encodeURIComponent(token)}`;
  return guardAction("/organizer", "", async () => {
    const { organizer, data } = await requireOrganizerScope(page);
    const result = await whenStoreAllows(() => acceptCohostInvite(data, organizer.id, token));
    if (isStoreProblem(result)) redirect(`${page}?problem=${result.problem}`);
    if (!result.ok) {
      if (result.reason === "invalid") notFound();
      redirect(`${page}?problem=${result.reason}`);
    }
    redirect(`/organizer/events/${result.value.eventId}?notice=cohost-joined#cohosts`);
  });
}
