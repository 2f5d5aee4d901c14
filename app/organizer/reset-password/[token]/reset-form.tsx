"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms";
import { Field } from "../../field";
import { FormMessage } from "../../../ui/fields";
import { resetPasswordAction } from "./actions";

const initial: FormState<"password" | "confirmPassword", string> = {};

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, initial);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters. Common passwords are refused."
        error={errors.password}
      />
      <Field
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword}
      />
      <button className="button full" type="submit" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
