"use client";

import { useActionState } from "react";
import { initialFormState } from "@/lib/forms";
import { FormMessage, TextField, valueOf } from "../../../../../ui/fields";
import { SubmitButton } from "../../../../../ui/submit-button";
import { inviteCohostAction } from "./actions";

export function InviteCohostForm({ eventId }: { eventId: string }) {
  const [state, formAction] = useActionState(inviteCohostAction, initialFormState);
  return (
    <form action={formAction} noValidate className="inline-form">
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={eventId} />
      <TextField
        id="cohost-email"
        name="email"
        type="email"
        label="Co-host's email"
        required
        autoComplete="off"
        maxLength={254}
        defaultValue={valueOf(state.values, "email", "")}
        error={state.fieldErrors?.email}
      />
      <SubmitButton pendingText="Inviting…">Invite co-host</SubmitButton>
    </form>
  );
}
