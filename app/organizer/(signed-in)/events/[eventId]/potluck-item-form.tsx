"use client";

import { useActionState } from "react";
import { CATEGORY_LABELS, POTLUCK_CATEGORIES } from "@/lib/data/client";
import { initialFormState, type FormState } from "@/lib/forms";
import { FormMessage, SelectField, TextField, valueOf } from "../../../../ui/fields";
import { SubmitButton } from "../../../../ui/submit-button";

const CATEGORY_OPTIONS = POTLUCK_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }));

/** Adding (no item) or editing (an item) a suggested dish; the same fields for both. */
export function PotluckItemForm({
  action,
  eventId,
  item,
  idPrefix,
  submitLabel,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  eventId: string;
  item?: { id: string; name: string; category: string; quantity: number; notes: string };
  idPrefix: string;
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate className="potluck-form">
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={eventId} />
      {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
      <div className="field-row">
        <TextField
          id={`${idPrefix}-name`}
          name="name"
          label="Dish or item"
          required
          maxLength={100}
          defaultValue={valueOf(state.values, "name", item?.name ?? "")}
          error={errors.name}
        />
        <SelectField
          id={`${idPrefix}-category`}
          name="category"
          label="Category"
          defaultValue={valueOf(state.values, "category", item?.category ?? "side")}
          error={errors.category}
          options={CATEGORY_OPTIONS}
        />
        <TextField
          id={`${idPrefix}-quantity`}
          name="quantity"
          label="How many needed"
          required
          inputMode="numeric"
          defaultValue={valueOf(state.values, "quantity", String(item?.quantity ?? 1))}
          error={errors.quantity}
        />
      </div>
      <TextField
        id={`${idPrefix}-notes`}
        name="notes"
        label="Notes"
        maxLength={300}
        defaultValue={valueOf(state.values, "notes", item?.notes ?? "")}
        error={errors.notes}
      />
      <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
