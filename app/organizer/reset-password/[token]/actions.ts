"use server";

import { redirect } from "next/navigation";
import { currentDevice, rememberDevice, resetPassword, resetPasswordSchema } from "@/lib/auth";
import { destroyCurrentSession } from "@/lib/session";
import { isStoreTrouble } from "@/lib/errors";
import type { FormState } from "../../form-state";
import { fieldErrorsOf, formText } from "@/lib/forms";

type ResetField = "password" | "confirmPassword";

// Public on purpose: the 256-bit single-use token in the form is the authorization.
export async function resetPasswordAction(
  _previous: FormState<ResetField>,
  formData: FormData,
): Promise<FormState<ResetField>> {
  const raw = {
    token: formText(formData, "token", 100),
    password: formText(formData, "password", 300),
    confirmPassword: formText(formData, "confirmPassword", 300),
  };
  const parsed = resetPasswordSchema.safeParse(raw);
  if (!parsed.success) {
    if (parsed.error.issues.some((issue) => issue.path[0] === "token")) {
      return { formError: "This reset link is not valid. Ask for a new one." };
    }
    return { fieldErrors: fieldErrorsOf(parsed.error, ["password", "confirmPassword"] as const) };
  }
  try {
    const result = await resetPassword(parsed.data.token, parsed.data.password);
    if (!result.ok) return { formError: result.error };
    // Whoever can read the account's mail is its owner: this browser gets the owner's own log-in allowance.
    await rememberDevice(await currentDevice(), result.value.email);
    // Whatever this browser was signed in as, it starts from the login page with the new password.
    await destroyCurrentSession("password-reset");
  } catch (error) {
    if (isStoreTrouble(error)) {
      console.error(`[reset] store unavailable: ${error.message}`);
      return {
        formError:
          "We can't change passwords right now because a service is unavailable. Please try again in a minute.",
      };
    }
    throw error;
  }
  redirect("/organizer/login?reset=1");
}
