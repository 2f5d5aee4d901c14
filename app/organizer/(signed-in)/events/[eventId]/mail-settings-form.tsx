"use client";

import { useActionState } from "react";
import { initialFormState } from "@/lib/forms";
import { FormMessage, TextField } from "../../../../ui/fields";
import { SubmitButton } from "../../../../ui/submit-button";
import { saveMailSettingsAction } from "./mail-actions";

export function MailSettingsForm({ eventId, deadlineReminderDays }: { eventId: string; deadlineReminderDays: number }) {
  const [state, formAction] = useActionState(saveMailSettingsAction, initialFormState);
  const value = state.values?.deadlineReminderDays;
  return (
    <form action={formAction} className="inline-form">
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={eventId} />
      <TextField
        id="deadline-reminder-days"
        name="deadlineReminderDays"
        type="number"
        inputMode="numeric"
        min={0}
        max={30}
        label="Remind households that have not answered, days before the RSVP deadline (0: no reminder)"
        defaultValue={typeof value === "string" ? value : String(deadlineReminderDays)}
        error={state.fieldErrors?.deadlineReminderDays}
      />
      <SubmitButton className="button secondary small">Save reminder</SubmitButton>
    </form>
  );
}
