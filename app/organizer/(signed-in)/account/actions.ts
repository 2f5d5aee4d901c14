"use server";

import { revalidatePath } from "next/cache";
import {
  changePassword,
  endOtherSessions,
  passwordChangeSchema,
  profileSchema,
  requireOrganizer,
  updateProfile,
} from "@/lib/auth";
import { requestInfo } from "@/lib/security";
import { reissueCurrentSession } from "@/lib/session";
import { unlessStoreTrouble } from "@/lib/errors";
import { fieldErrorsOf, formText, type FormState } from "@/lib/forms";

export type ProfileField = "firstName" | "lastName" | "email" | "currentPassword";
export type PasswordField = "currentPassword" | "password" | "confirmPassword";

const UNAVAILABLE = "We can't save changes right now because a service is unavailable. Please try again in a minute.";

export async function updateProfileAction(
  _previous: FormState<ProfileField, string>,
  formData: FormData,
): Promise<FormState<ProfileField, string>> {
  const { organizer } = await requireOrganizer("/organizer/account");
  const raw = {
    firstName: formText(formData, "firstName", 200),
    lastName: formText(formData, "lastName", 200),
    email: formText(formData, "email", 300),
    currentPassword: formText(formData, "currentPassword", 300),
  };
  const values = { firstName: raw.firstName, lastName: raw.lastName, email: raw.email };
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      fieldErrors: fieldErrorsOf(parsed.error, ["firstName", "lastName", "email", "currentPassword"] as const),
      values,
    };
  }
  return unlessStoreTrouble(
    "account",
    async (): Promise<FormState<ProfileField, string>> => {
      const { address, origin } = await requestInfo();
      const result = await updateProfile(organizer.id, parsed.data, address, origin);
      if (!result.ok) {
        return result.field === "email" || result.field === "currentPassword"
          ? { fieldErrors: { [result.field]: result.message }, values }
          : { message: result.message, values };
      }
      revalidatePath("/organizer", "layout");
      const { organizer: updated, emailChanged } = result.value;
      return {
        message: emailChanged ? `Saved. Your email address is now ${updated.email}.` : "Saved.",
        ok: true,
        values: { firstName: updated.firstName, lastName: updated.lastName, email: updated.email },
      };
    },
    () => ({ message: UNAVAILABLE, values }),
  );
}

/**
 * A new password: this browser stays signed in under a new token, every other session of the organizer
 * ends (whoever might have had the old password or a copied cookie is out).
 */
export async function changePasswordAction(
  _previous: FormState<PasswordField, string>,
  formData: FormData,
): Promise<FormState<PasswordField, string>> {
  const { organizer } = await requireOrganizer("/organizer/account");
  const raw = {
    currentPassword: formText(formData, "currentPassword", 300),
    password: formText(formData, "password", 300),
    confirmPassword: formText(formData, "confirmPassword", 300),
  };
  const parsed = passwordChangeSchema.safeParse(raw);
  if (!parsed.success)
    return { fieldErrors: fieldErrorsOf(parsed.error, ["currentPassword", "password", "confirmPassword"] as const) };
  return unlessStoreTrouble(
    "account",
    async (): Promise<FormState<PasswordField, string>> => {
      const { address } = await requestInfo();
      const result = await changePassword(organizer.id, parsed.data, address);
      if (!result.ok) {
        return result.field === "currentPassword"
          ? { fieldErrors: { currentPassword: result.message } }
          : { message: result.message };
      }
      const session = await reissueCurrentSession("password-change");
      const ended = session ? await endOtherSessions(organizer.id, session.id, "password-change") : 0;
      return {
        message:
          ended > 0
            ? `Your password has been changed. ${ended} other session${ended === 1 ? " was" : "s were"} signed out.`
            : "Your password has been changed.",
        ok: true,
      };
    },
    () => ({ message: UNAVAILABLE }),
  );
}
