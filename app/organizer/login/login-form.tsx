"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { FormState } from "@/lib/forms";
import { Field } from "../field";
import { FormMessage } from "../../ui/fields";
import { loginAction, type LoginField } from "./actions";

const initial: FormState<LoginField, string> = {};

export function LoginForm({ next }: { next?: string }) {
  const [state, formAction, pending] = useActionState(loginAction, initial);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      {state.lockedOut ? (
        <p className="alert info" data-testid="locked-out-help">
          Forgot your password?{" "}
          <Link href="/organizer/forgot-password" prefetch={false}>
            Reset it by email
          </Link>{" "}
          instead of waiting.
        </p>
      ) : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        defaultValue={state.values?.email ?? ""}
        error={errors.email}
      />
      <Field name="password" label="Password" type="password" autoComplete="current-password" error={errors.password} />
      <label className="checkbox">
        <input
          type="checkbox"
          name="rememberMe"
          defaultChecked={state.values ? state.values.rememberMe === "on" : true}
        />
        Keep me signed in
      </label>
      <button className="button full" type="submit" disabled={pending}>
        {pending ? "Logging in…" : "Log in"}
      </button>
      <p className="muted small-print">No password at hand? Leave it empty and we mail you a link instead.</p>
      <button className="button secondary full" type="submit" name="intent" value="link" disabled={pending}>
        Email me a sign-in link
      </button>
    </form>
  );
}
