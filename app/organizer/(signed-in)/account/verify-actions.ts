"use server";

import { after } from "next/server";
import { requestVerificationLink, requireOrganizer } from "@/lib/auth";
import { unlessStoreTrouble } from "@/lib/errors";
import type { FormState } from "@/lib/forms";
import { requestInfo } from "@/lib/security";

/** Mails the signed-in organizer a link that verifies their current address (after the response). */
export async function sendVerificationLinkAction(_previous: FormState, _formData: FormData): Promise<FormState> {
  const { organizer } = await requireOrganizer("/organizer/account");
  if (organizer.emailVerifiedAt !== null) return { ok: true, message: "Your email address is already verified." };
  return unlessStoreTrouble(
    "account",
    async (): Promise<FormState> => {
      const { address, origin } = await requestInfo();
      const requested = await requestVerificationLink(organizer.id, address);
      if (!requested.ok) return { message: requested.message };
      const { send } = requested.value;
      after(async () => {
        try {
          await send(origin);
        } catch (error) {
          console.error(`[account] could not send a verification link: ${(error as Error).message}`);
        }
      });
      return { ok: true, message: `We sent a verification link to ${organizer.email}. It works for 24 hours.` };
    },
    () => ({ message: "We can't send mail right now because a service is unavailable. Please try again soon." }),
  );
}
