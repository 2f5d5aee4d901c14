"use client";

import { useActionState } from "react";
import { Field, FormMessages } from "../../field";
import type { FormState } from "../../form-state";
import { changePasswordAction, type PasswordField } from "./actions";

const initial: FormState<PasswordField> = {};

// Both account forms sit on one page and share the "currentPassword" field name: ids are prefixed here
// so labels and error messages stay tied to the right input.
export function PasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, initial);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate aria-label="Change password">
      <FormMessages formError={state.formError} success={state.success} />
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
