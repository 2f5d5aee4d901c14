"use client";

import { useActionState } from "react";
import { FormMessages } from "../../field";
import type { FormState } from "../../form-state";
import { sendVerificationLinkAction } from "./verify-actions";

const initial: FormState = {};

/** "Send verification link": works without JavaScript like every account form. */
export function VerifyEmailForm() {
  const [state, formAction, pending] = useActionState(sendVerificationLinkAction, initial);
  return (
    <form action={formAction} aria-label="Verify email address">
      <FormMessages formError={state.formError} success={state.success} />
      <button className="button secondary" type="submit" disabled={pending}>
        Send verification link
      </button>
    </form>
  );
}
