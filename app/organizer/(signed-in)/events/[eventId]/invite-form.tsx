"use client";

import { useActionState } from "react";
import { initialFormState } from "@/lib/forms";
import { FormMessage } from "../../../../ui/fields";
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
      <SubmitButton pendingText="Inviting…">Invite selected</SubmitButton>
    </form>
  );
}
