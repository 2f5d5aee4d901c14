"use client";

import { useActionState } from "react";
import { loginAction } from "./actions";
import { initialLoginState } from "./state";

export function LoginForm({ next }: { next?: string }) {
  const [state, formAction, pending] = useActionState(loginAction, initialLoginState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate>
      {state.formError ? (
        <div className="alert error" role="alert">
          {state.formError}
        </div>
      ) : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.values?.email ?? ""}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? "email-error" : undefined}
        />
        {errors.email ? (
          <p className="field-error" id="email-error">
            {errors.email}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? "password-error" : undefined}
        />
        {errors.password ? (
          <p className="field-error" id="password-error">
            {errors.password}
          </p>
        ) : null}
      </div>
      <label className="checkbox">
        <input type="checkbox" name="rememberMe" defaultChecked={state.values?.rememberMe ?? true} />
        Keep me signed in
      </label>
      <button className="button full" type="submit" disabled={pending}>
        {pending ? "Logging in…" : "Log in"}
      </button>
    </form>
  );
}
