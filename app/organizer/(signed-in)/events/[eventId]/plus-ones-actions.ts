"use server";

import { notFound, redirect } from "next/navigation";
import { plusOnesAllowedInputSchema } from "@/lib/data";
import { guardForm, isStoreProblem, requireEventRole, setPlusOnesAllowed, whenStoreAllows } from "@/lib/party";
import { type FormState, formText } from "@/lib/forms";

/**
 * "Extra guests allowed" for one household on the guest list: session and ownership of the event first; the
 * repository checks the invitation is this organizer's and refuses an allowance below the guests the
 * household already named (the message says so, next to the field).
 */
export async function setPlusOnesAllowedAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const invitationId = formText(formData, "invitationId");
    const typed = formText(formData, "plusOnesAllowed");
    const parsed = plusOnesAllowedInputSchema.safeParse(typed);
    if (!parsed.success)
      return {
        fieldErrors: { plusOnesAllowed: parsed.error.issues[0]?.message ?? "Enter a whole number" },
        values: { plusOnesAllowed: typed },
      };
    const invitation = await data.invitations.getHosted(organizer.id, invitationId);
    if (!invitation || invitation.eventId !== eventId) notFound();
    const result = await whenStoreAllows(() => setPlusOnesAllowed(data, organizer.id, invitation.id, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values: { plusOnesAllowed: typed } };
    if (!result.ok) {
      if (result.reason === "below-named")
        return { fieldErrors: { plusOnesAllowed: result.message ?? "Too low" }, values: { plusOnesAllowed: typed } };
      notFound();
    }
    redirect(`/organizer/events/${eventId}?notice=plus-ones#h-${invitation.householdId}`);
  });
}
