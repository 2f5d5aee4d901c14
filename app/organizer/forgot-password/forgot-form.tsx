"use client";

import { useActionState } from "react";
import { Field, FormMessages } from "../field";
import type { FormState } from "../form-state";
import { forgotPasswordAction } from "./actions";

const initial: FormState<"email"> = {};

export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState(forgotPasswordAction, initial);
  return (
    <form action={formAction} noValidate>
      <FormMessages formError={state.formError} success={state.success} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.email}
        error={state.fieldErrors?.email}
      />
      <button className="button full" type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </button>
    </form>
  );
}
