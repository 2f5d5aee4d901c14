"use server";

import { redirect } from "next/navigation";
import { currentDevice, loginSchema, logInWithThrottle, rememberDevice, safeNextPath } from "@/lib/auth";
import { requestInfo } from "@/lib/security";
import { startSession } from "@/lib/session";
import { isStoreTrouble } from "@/lib/errors";
import type { LoginFormState } from "./state";

function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

export async function loginAction(_previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
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
    const organizer = result.value;
    // From now on this browser's log-ins to this account have an allowance of their own (lib/auth/device.ts).
    await rememberDevice(device, organizer.email);
    await startSession({
      organizerId: organizer.id,
      network,
      rememberMe: parsed.data.rememberMe,
      flash: `Welcome back, ${organizer.firstName}!`,
    });
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
