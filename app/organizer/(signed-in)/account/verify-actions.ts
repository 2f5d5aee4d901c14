"use server";

import { after } from "next/server";
import { requestVerificationLink, requireOrganizer } from "@/lib/auth";
import { isStoreTrouble } from "@/lib/errors";
import { requestInfo } from "@/lib/security";
import type { FormState } from "../../form-state";

/** Mails the signed-in organizer a link that verifies their current address (after the response). */
export async function sendVerificationLinkAction(_previous: FormState, _formData: FormData): Promise<FormState> {
  const { organizer } = await requireOrganizer("/organizer/account");
  if (organizer.emailVerifiedAt !== null) return { success: "Your email address is already verified." };
  try {
    const { address, origin } = await requestInfo();
    const requested = await requestVerificationLink(organizer.id, address);
    if (!requested.ok) return { formError: requested.error };
    const { send } = requested.value;
    after(async () => {
      try {
        await send(origin);
      } catch (error) {
        console.error(`[account] could not send a verification link: ${(error as Error).message}`);
      }
    });
  } catch (error) {
    if (isStoreTrouble(error))
      return { formError: "We can't send mail right now because a service is unavailable. Please try again soon." };
    throw error;
  }
  return { success: `We sent a verification link to ${organizer.email}. It works for 24 hours.` };
}
