"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms";
import { Field } from "../../field";
import { FormMessage } from "../../../ui/fields";
import { updateProfileAction, type ProfileField } from "./actions";

export function ProfileForm({
  initialValues,
}: {
  initialValues: { firstName: string; lastName: string; email: string };
}) {
  const [state, formAction, pending] = useActionState(updateProfileAction, {
    values: initialValues,
  } as FormState<ProfileField, string>);
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? initialValues;
  return (
    <form action={formAction} noValidate aria-label="Name and email">
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
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required={false}
        hint="Only needed to change your email address."
        error={errors.currentPassword}
      />
      <button className="button" type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save name and email"}
      </button>
    </form>
  );
}
