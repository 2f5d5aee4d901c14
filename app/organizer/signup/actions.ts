"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { currentDevice, rememberDevice, safeNextPath, sendVerificationMail, signUp, signupSchema } from "@/lib/auth";
import { requestInfo } from "@/lib/security";
import { startSession } from "@/lib/session";
import { unlessStoreTrouble } from "@/lib/errors";
import { fieldErrorsOf, formText, type FormState } from "@/lib/forms";

export type SignupField = "firstName" | "lastName" | "email" | "password" | "confirmPassword";
const FIELDS: readonly SignupField[] = ["firstName", "lastName", "email", "password", "confirmPassword"];

// Public on purpose (it creates the account); what it can be used for is limited by the throttle.
export async function signupAction(
  _previous: FormState<SignupField, string>,
  formData: FormData,
): Promise<FormState<SignupField, string>> {
  const raw = {
    firstName: formText(formData, "firstName", 200),
    lastName: formText(formData, "lastName", 200),
    email: formText(formData, "email", 300),
    password: formText(formData, "password", 300),
    confirmPassword: formText(formData, "confirmPassword", 300),
  };
  const values = { firstName: raw.firstName, lastName: raw.lastName, email: raw.email };
  const parsed = signupSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error, FIELDS), values };

  const refused = await unlessStoreTrouble(
    "signup",
    async (): Promise<FormState<SignupField, string> | null> => {
      const { address, network, origin } = await requestInfo();
      const result = await signUp(parsed.data, address);
      if (!result.ok) {
        return result.field === "email"
          ? { fieldErrors: { email: result.message }, values }
          : { message: result.message, values };
      }
      const organizerId = result.value.id;
      // The new address gets its verification link after the response (the account works meanwhile).
      after(async () => {
        try {
          await sendVerificationMail(organizerId, origin);
        } catch (error) {
          console.error(`[signup] could not send the verification link: ${(error as Error).message}`);
        }
      });
      await rememberDevice(await currentDevice(), result.value.email);
      await startSession({
        organizerId: result.value.id,
        network,
        rememberMe: formData.get("rememberMe") === "on",
        flash: `Welcome, ${result.value.firstName}! Your account is ready.`,
      });
      return null;
    },
    () => ({
      message: "We can't create accounts right now because a service is unavailable. Please try again in a minute.",
      values,
    }),
  );
  if (refused) return refused;
  // Back to where the visitor came from (a co-host invitation's accept page), checked like login's `next`.
  redirect(safeNextPath(formText(formData, "next", 2048)));
}
