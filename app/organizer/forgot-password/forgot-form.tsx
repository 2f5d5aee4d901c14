"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms";
import { Field } from "../field";
import { FormMessage } from "../../ui/fields";
import { forgotPasswordAction } from "./actions";

const initial: FormState<"email", string> = {};

export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState(forgotPasswordAction, initial);
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
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
