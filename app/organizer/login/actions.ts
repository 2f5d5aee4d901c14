"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import {
  completeSignIn,
  currentDevice,
  forgotPasswordSchema,
  loginSchema,
  logInWithThrottle,
  requestSignInLink,
  safeNextPath,
} from "@/lib/auth";
import { requestInfo } from "@/lib/security";
import { unlessStoreTrouble } from "@/lib/errors";
import { fieldErrorsOf, formText, type FormState } from "@/lib/forms";

export type LoginField = "email" | "password" | "rememberMe";
type LoginFormState = FormState<LoginField, string>;

export async function loginAction(previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
  // The form's second button ("Email me a sign-in link") sends intent=link, with JavaScript or without.
  if (formData.get("intent") === "link") return emailSignInLink(previous, formData);
  const raw = {
    email: formText(formData, "email"),
    password: formText(formData, "password"),
    rememberMe: formData.get("rememberMe") === "on",
    next: formText(formData, "next") || undefined,
  };
  const values = { email: raw.email.slice(0, 254), rememberMe: raw.rememberMe ? "on" : "" };
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error, ["email", "password"] as const), values };

  const refused = await unlessStoreTrouble(
    "login",
    async (): Promise<LoginFormState | null> => {
      const { address, network } = await requestInfo();
      const device = await currentDevice();
      const result = await logInWithThrottle(parsed.data.email, parsed.data.password, address, device);
      if (!result.ok) return { message: result.message, lockedOut: result.reason === "throttled", values };
      // The session, its flash and this browser's own log-in allowance, exactly as a sign-in link does.
      await completeSignIn(result.value, { rememberMe: parsed.data.rememberMe, network, device });
      return null;
    },
    () => ({
      message:
        "We can't sign you in right now because the session service is unavailable. Please try again in a minute.",
      values,
    }),
  );
  if (refused) return refused;
  redirect(safeNextPath(parsed.data.next));
}

/**
 * "Email me a sign-in link" (the login form's second button). Public on purpose: the answer is the same
 * whether or not the address has an account, and the lookup and the mail happen after the response.
 */
async function emailSignInLink(_previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
  const email = formText(formData, "email", 300);
  const rememberMe = formData.get("rememberMe") === "on";
  const values = { email: email.slice(0, 254), rememberMe: rememberMe ? "on" : "" };
  const parsed = forgotPasswordSchema.safeParse({ email });
  if (!parsed.success) {
    return { fieldErrors: { email: parsed.error.issues[0]?.message ?? "Enter your email address" }, values };
  }
  const refused = await unlessStoreTrouble(
    "login",
    async (): Promise<LoginFormState | null> => {
      const { address, origin } = await requestInfo();
      const requested = await requestSignInLink(parsed.data.email, rememberMe, address);
      if (!requested.ok) return { message: requested.message, values };
      const { send } = requested.value;
      after(async () => {
        try {
          await send(origin);
        } catch (error) {
          console.error(`[login] could not send a sign-in link: ${(error as Error).message}`);
        }
      });
      return null;
    },
    () => ({
      message: "We can't send sign-in links right now because a service is unavailable. Please try again in a minute.",
      values,
    }),
  );
  if (refused) return refused;
  return {
    ok: true,
    message: `If an account exists for ${parsed.data.email}, we sent it a sign-in link. Open it in this browser within 15 minutes.`,
    values,
  };
}
