"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms";
import { Field } from "../../field";
import { FormMessage } from "../../../ui/fields";
import { changePasswordAction, type PasswordField } from "./actions";

const initial: FormState<PasswordField, string> = {};

// Both account forms sit on one page and share the "currentPassword" field name: ids are prefixed here
// so labels and error messages stay tied to the right input.
export function PasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, initial);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate aria-label="Change password">
      <FormMessage state={state} />
      <Field
        idPrefix="new-"
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={errors.currentPassword}
      />
      <Field
        idPrefix="new-"
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters. Common passwords are refused."
        error={errors.password}
      />
      <Field
        idPrefix="new-"
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword}
      />
      <button className="button" type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
