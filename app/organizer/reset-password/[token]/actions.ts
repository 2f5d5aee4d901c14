"use server";

import { redirect } from "next/navigation";
import { currentDevice, rememberDevice, resetPassword, resetPasswordSchema } from "@/lib/auth";
import { destroyCurrentSession } from "@/lib/session";
import { unlessStoreTrouble } from "@/lib/errors";
import { fieldErrorsOf, formText, type FormState } from "@/lib/forms";

type ResetField = "password" | "confirmPassword";

// Public on purpose: the 256-bit single-use token in the form is the authorization.
export async function resetPasswordAction(
  _previous: FormState<ResetField, string>,
  formData: FormData,
): Promise<FormState<ResetField, string>> {
  const raw = {
    token: formText(formData, "token", 100),
    password: formText(formData, "password", 300),
    confirmPassword: formText(formData, "confirmPassword", 300),
  };
  const parsed = resetPasswordSchema.safeParse(raw);
  if (!parsed.success) {
    if (parsed.error.issues.some((issue) => issue.path[0] === "token")) {
      return { message: "This reset link is not valid. Ask for a new one." };
    }
    return { fieldErrors: fieldErrorsOf(parsed.error, ["password", "confirmPassword"] as const) };
  }
  const refused = await unlessStoreTrouble(
    "reset",
    async (): Promise<FormState<ResetField, string> | null> => {
      const result = await resetPassword(parsed.data.token, parsed.data.password);
      if (!result.ok) return { message: result.message };
      // Whoever can read the account's mail is its owner: this browser gets the owner's own log-in allowance.
      await rememberDevice(await currentDevice(), result.value.email);
      // Whatever this browser was signed in as, it starts from the login page with the new password.
      await destroyCurrentSession("password-reset");
      return null;
    },
    () => ({
      message: "We can't change passwords right now because a service is unavailable. Please try again in a minute.",
    }),
  );
  if (refused) return refused;
  redirect("/organizer/login?reset=1");
}
