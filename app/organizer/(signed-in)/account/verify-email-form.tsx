"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms";
import { FormMessage } from "../../../ui/fields";
import { sendVerificationLinkAction } from "./verify-actions";

const initial: FormState = {};

/** "Send verification link": works without JavaScript like every account form. */
export function VerifyEmailForm() {
  const [state, formAction, pending] = useActionState(sendVerificationLinkAction, initial);
  return (
    <form action={formAction} aria-label="Verify email address">
      <FormMessage state={state} />
      <button className="button secondary" type="submit" disabled={pending}>
        Send verification link
      </button>
    </form>
  );
}
