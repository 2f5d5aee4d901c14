"use server";

import { after } from "next/server";
import { admitResetRequest, forgotPasswordSchema, sendResetMail } from "@/lib/auth";
import { requestInfo } from "@/lib/security";
import { unlessStoreTrouble } from "@/lib/errors";
import { fieldErrorsOf, formText, type FormState } from "@/lib/forms";

const RESET_REQUESTED =
  "If an account exists for that email address, we have sent it a link to choose a new password. The link works for 30 minutes.";

// Public on purpose. The answer is the same whether or not the email has an account, and the lookup and
// the mail happen after the response (next/server's after), so its timing says nothing either.
export async function forgotPasswordAction(
  _previous: FormState<"email", string>,
  formData: FormData,
): Promise<FormState<"email", string>> {
  const raw = { email: formText(formData, "email", 300) };
  const parsed = forgotPasswordSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error, ["email"] as const), values: raw };
  return unlessStoreTrouble(
    "reset",
    async (): Promise<FormState<"email", string>> => {
      const { address, origin } = await requestInfo();
      const admitted = await admitResetRequest(parsed.data.email, address);
      if (!admitted.ok) return { message: admitted.message, values: raw };
      const email = parsed.data.email;
      after(async () => {
        try {
          await sendResetMail(email, origin);
        } catch (error) {
          console.error(`[reset] could not send a reset mail: ${(error as Error).message}`);
        }
      });
      return { message: RESET_REQUESTED, ok: true, values: raw };
    },
    () => ({
      message: "We can't send reset links right now because a service is unavailable. Please try again in a minute.",
      values: raw,
    }),
  );
}
