"use client";

import { useActionState } from "react";
import { MAX_PLUS_ONES } from "@/lib/data/client";
import { initialFormState } from "@/lib/forms";
import { FormMessage, TextField, valueOf } from "../../../../ui/fields";
import { SubmitButton } from "../../../../ui/submit-button";
import { setPlusOnesAllowedAction } from "./plus-ones-actions";

/** How many extra guests one household may bring; refused (with the reason) below the guests it named. */
export function PlusOnesAllowanceForm({
  eventId,
  invitationId,
  householdName,
  allowed,
}: {
  eventId: string;
  invitationId: string;
  householdName: string;
  allowed: number;
}) {
  const [state, formAction] = useActionState(setPlusOnesAllowedAction, initialFormState);
  return (
    <form action={formAction} className="inline-form plus-ones-allowance" data-testid="plus-ones-allowance">
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <TextField
        id={`plus-ones-${invitationId}`}
        name="plusOnesAllowed"
        type="number"
        min={0}
        max={MAX_PLUS_ONES}
        inputMode="numeric"
        label={`Extra guests ${householdName} may bring`}
        defaultValue={valueOf(state.values, "plusOnesAllowed", String(allowed))}
        error={state.fieldErrors?.plusOnesAllowed}
      />
      <SubmitButton className="button secondary small" pendingText="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}
