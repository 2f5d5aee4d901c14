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
import { isStoreTrouble } from "@/lib/errors";
import type { LoginFormState } from "./state";

function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

export async function loginAction(previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
  // The form's second button ("Email me a sign-in link") sends intent=link, with JavaScript or without.
  if (formData.get("intent") === "link") return emailSignInLink(previous, formData);
  const raw = {
    email: formText(formData, "email"),
    password: formText(formData, "password"),
    rememberMe: formData.get("rememberMe") === "on",
    next: formText(formData, "next") || undefined,
  };
  const values = { email: raw.email.slice(0, 254), rememberMe: raw.rememberMe };
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: NonNullable<LoginFormState["fieldErrors"]> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "email" || field === "password") && !fieldErrors[field]) fieldErrors[field] = issue.message;
    }
    return { fieldErrors, values };
  }

  try {
    const { address, network } = await requestInfo();
    const device = await currentDevice();
    const result = await logInWithThrottle(parsed.data.email, parsed.data.password, address, device);
    if (!result.ok) return { formError: result.error, lockedOut: result.throttled, values };
    // From now on this browser's log-ins to this account have an allowance of their own (lib/auth/device.ts).
    await completeSignIn(result.value, { rememberMe: parsed.data.rememberMe, network, device });
  } catch (error) {
    if (isStoreTrouble(error)) {
      console.error(`[login] session store unavailable: ${error.message}`);
      return {
        formError:
          "We can't sign you in right now because the session service is unavailable. Please try again in a minute.",
        values,
      };
    }
    throw error;
  }
  redirect(safeNextPath(parsed.data.next));
}

/**
 * "Email me a sign-in link" (the login form's second button). Public on purpose: the answer is the same
 * whether or not the address has an account, and the lookup and the mail happen after the response.
 */
async function emailSignInLink(_previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
  const email = formText(formData, "email").slice(0, 300);
  const rememberMe = formData.get("rememberMe") === "on";
  const values = { email: email.slice(0, 254), rememberMe };
  const parsed = forgotPasswordSchema.safeParse({ email });
  if (!parsed.success) {
    return { fieldErrors: { email: parsed.error.issues[0]?.message ?? "Enter your email address" }, values };
  }
  try {
    const { address, origin } = await requestInfo();
    const requested = await requestSignInLink(parsed.data.email, rememberMe, address);
    if (!requested.ok) return { formError: requested.error, values };
    const { send } = requested.value;
    after(async () => {
      try {
        await send(origin);
      } catch (error) {
        console.error(`[login] could not send a sign-in link: ${(error as Error).message}`);
      }
    });
  } catch (error) {
    if (isStoreTrouble(error)) {
      console.error(`[login] store unavailable: ${error.message}`);
      return {
        formError:
          "We can't send sign-in links right now because a service is unavailable. Please try again in a minute.",
        values,
      };
    }
    throw error;
  }
  return {
    linkSent: `If an account exists for ${parsed.data.email}, we sent it a sign-in link. Open it in this browser within 15 minutes.`,
    values,
  };
}
