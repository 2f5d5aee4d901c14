"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms";
import { Field } from "../field";
import { FormMessage } from "../../ui/fields";
import { signupAction, type SignupField } from "./actions";

const initial: FormState<SignupField, string> = {};

/** `email` prefills the address (a co-host invitation's); `next` is where to go once the account exists. */
export function SignupForm({ email, next }: { email?: string; next?: string } = {}) {
  const [state, formAction, pending] = useActionState(signupAction, initial);
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? (email ? { email } : {});
  return (
    <form action={formAction} noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <FormMessage state={state} />
      <div className="row">
        <Field
          name="firstName"
          label="First name"
          autoComplete="given-name"
          defaultValue={values.firstName}
          error={errors.firstName}
        />
        <Field
          name="lastName"
          label="Last name"
          required={false}
          autoComplete="family-name"
          defaultValue={values.lastName}
          error={errors.lastName}
        />
      </div>
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={values.email}
        error={errors.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters. Common passwords are refused."
        error={errors.password}
      />
      <Field
        name="confirmPassword"
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword}
      />
      <label className="checkbox">
        <input type="checkbox" name="rememberMe" defaultChecked />
        Keep me signed in
      </label>
      <button className="button full" type="submit" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
