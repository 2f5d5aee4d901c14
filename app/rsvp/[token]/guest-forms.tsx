"use client";

import { useActionState } from "react";
import { CATEGORY_LABELS, POTLUCK_CATEGORIES } from "@/lib/data/client";
import { initialFormState } from "@/lib/forms";
import {
  DietaryFields,
  FormMessage,
  listOf,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
  valueOf,
} from "../../ui/fields";
import { SubmitButton } from "../../ui/submit-button";
import { addItemAction, saveAnswersAction } from "./actions";
import { PlusOneFields, type PlusOneRowFields } from "./plus-one-fields";

const ANSWERS = [
  { value: "attending", label: "Attending" },
  { value: "maybe", label: "Maybe" },
  { value: "not_attending", label: "Not attending" },
] as const;

export interface GuestPersonFields {
  id: string;
  name: string;
  child: boolean;
  status: string;
  dietaryTags: string[];
  dietaryNotes: string;
  /** Said "attending" while the party was full: waiting for a place. */
  waitlisted: boolean;
}

export function AnswersForm({
  token,
  people,
  note,
  plusOnes,
}: {
  token: string;
  people: GuestPersonFields[];
  note: string;
  /** The extra guests the host allows this household, and those it named. */
  plusOnes: { allowed: number; rows: PlusOneRowFields[] };
}) {
  const [state, formAction] = useActionState(saveAnswersAction, initialFormState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate className="answers-form">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      {errors.people ? (
        <p className="field-error" id="people-error" role="alert" data-testid="people-error">
          {errors.people}
        </p>
      ) : null}
      {people.map((p) => (
        <fieldset
          key={p.id}
          className="person-answer"
          data-testid="person-answer"
          aria-describedby={errors.people ? "people-error" : undefined}
        >
          <legend>
            {p.name}
            {p.child ? <span className="muted"> (child)</span> : null}
            {p.waitlisted ? <span className="badge badge-waitlist"> On the waitlist</span> : null}
          </legend>
          <input type="hidden" name="personId" value={p.id} />
          <RadioGroup
            id={`status-${p.id}`}
            name={`status.${p.id}`}
            legend={`Will ${p.name} come?`}
            options={ANSWERS}
            defaultValue={valueOf(state.values, `status.${p.id}`, p.status)}
            error={errors[`status.${p.id}`]}
            className="answer-choices"
          />
          <details
            open={
              p.dietaryTags.length > 0 ||
              p.dietaryNotes !== "" ||
              Boolean(errors[`diet.${p.id}`] || errors[`dietNotes.${p.id}`])
            }
          >
            <summary>Dietary restrictions{p.dietaryTags.length > 0 ? ` (${p.dietaryTags.length})` : ""}</summary>
            <DietaryFields
              id={`diet-${p.id}`}
              tagsName={`diet.${p.id}`}
              notesName={`dietNotes.${p.id}`}
              tags={listOf(state.values, `diet.${p.id}`, p.dietaryTags)}
              notes={valueOf(state.values, `dietNotes.${p.id}`, p.dietaryNotes)}
              error={errors[`diet.${p.id}`]}
              notesError={errors[`dietNotes.${p.id}`]}
              legend={`Dietary restrictions of ${p.name}`}
              legendHidden
            />
          </details>
        </fieldset>
      ))}
      <PlusOneFields allowed={plusOnes.allowed} rows={plusOnes.rows} state={state} />
      <TextArea
        id="note"
        name="note"
        label="A note to the host"
        rows={3}
        maxLength={1000}
        defaultValue={valueOf(state.values, "note", note)}
        error={errors.note}
      />
      <SubmitButton className="button full" pendingText="Sending…">
        Send my answers
      </SubmitButton>
    </form>
  );
}

const CATEGORY_OPTIONS = POTLUCK_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }));

export function AddItemForm({ token }: { token: string }) {
  const [state, formAction] = useActionState(addItemAction, initialFormState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <TextField
        id="own-name"
        name="name"
        label="Dish or item"
        required
        maxLength={100}
        defaultValue={valueOf(state.values, "name")}
        error={errors.name}
      />
      <div className="field-row">
        <SelectField
          id="own-category"
          name="category"
          label="Category"
          defaultValue={valueOf(state.values, "category", "side")}
          error={errors.category}
          options={CATEGORY_OPTIONS}
        />
        <TextField
          id="own-quantity"
          name="quantity"
          label="How many you bring"
          required
          inputMode="numeric"
          defaultValue={valueOf(state.values, "quantity", "1")}
          error={errors.quantity}
        />
      </div>
      <TextField
        id="own-notes"
        name="notes"
        label="Notes"
        maxLength={300}
        defaultValue={valueOf(state.values, "notes")}
        error={errors.notes}
      />
      <SubmitButton className="button secondary" pendingText="Adding…">
        Add my dish
      </SubmitButton>
    </form>
  );
}
