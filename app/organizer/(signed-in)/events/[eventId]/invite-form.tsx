"use client";

import { useActionState } from "react";
import { initialFormState } from "@/lib/forms";
import { MAX_PLUS_ONES } from "@/lib/data/client";
import { FormMessage, TextField, valueOf } from "../../../../ui/fields";
import { SubmitButton } from "../../../../ui/submit-button";
import { inviteHouseholdsAction } from "./actions";

export function InviteForm({
  eventId,
  households,
}: {
  eventId: string;
  households: { id: string; name: string; people: string }[];
}) {
  const [state, formAction] = useActionState(inviteHouseholdsAction, initialFormState);
  return (
    <form action={formAction} className="invite-form">
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={eventId} />
      <fieldset>
        <legend>Invite households from your address book</legend>
        <ul className="check-list">
          {households.map((h) => (
            <li key={h.id}>
              <label className="choice">
                <input type="checkbox" name="householdId" value={h.id} />
                <span>
                  <strong>{h.name}</strong> <span className="muted">{h.people}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <TextField
        id="invite-plus-ones"
        name="plusOnesAllowed"
        type="number"
        min={0}
        max={MAX_PLUS_ONES}
        inputMode="numeric"
        label="Extra guests (plus-ones) each may bring"
        hint="0 for none; you can change it per household on the guest list."
        defaultValue={valueOf(state.values, "plusOnesAllowed", "0")}
        error={state.fieldErrors?.plusOnesAllowed}
      />
      <SubmitButton pendingText="Inviting…">Invite selected</SubmitButton>
    </form>
  );
}
