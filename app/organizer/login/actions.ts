"use server";

import { redirect } from "next/navigation";
import { currentDevice, loginSchema, logInWithThrottle, rememberDevice, safeNextPath } from "@/lib/auth";
import { requestInfo } from "@/lib/security";
import { startSession } from "@/lib/session";
import { unlessStoreTrouble } from "@/lib/errors";
import { fieldErrorsOf, formText, type FormState } from "@/lib/forms";

export type LoginField = "email" | "password" | "rememberMe";

export async function loginAction(
  _previous: FormState<LoginField, string>,
  formData: FormData,
): Promise<FormState<LoginField, string>> {
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
    async (): Promise<FormState<LoginField, string> | null> => {
      const { address, network } = await requestInfo();
      const device = await currentDevice();
      const result = await logInWithThrottle(parsed.data.email, parsed.data.password, address, device);
      if (!result.ok) return { message: result.message, lockedOut: result.reason === "throttled", values };
      const organizer = result.value;
      // From now on this browser's log-ins to this account have an allowance of their own (lib/auth/device.ts).
      await rememberDevice(device, organizer.email);
      await startSession({
        organizerId: organizer.id,
        network,
        rememberMe: parsed.data.rememberMe,
        flash: `Welcome back, ${organizer.firstName}!`,
      });
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
