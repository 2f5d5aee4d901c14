"use client";

import { useActionState } from "react";
import type { Person } from "@/lib/data/client";
import { initialFormState, type FormState } from "@/lib/forms";
import { DietaryFields, FormMessage, listOf, RadioGroup, TextField, valueOf } from "../../../ui/fields";
import { SubmitButton } from "../../../ui/submit-button";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function HouseholdForm({
  action,
  household,
  submitLabel,
  idPrefix,
}: {
  action: Action;
  household?: { id: string; name: string; address: string };
  submitLabel: string;
  idPrefix: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      {household ? <input type="hidden" name="householdId" value={household.id} /> : null}
      <div className="field-row">
        <TextField
          id={`${idPrefix}-name`}
          name="name"
          label="Household name"
          required
          maxLength={100}
          defaultValue={valueOf(state.values, "name", household?.name ?? "")}
          error={errors.name}
          hint='For example: "The Garcias"'
        />
        <TextField
          id={`${idPrefix}-address`}
          name="address"
          label="Address"
          maxLength={300}
          defaultValue={valueOf(state.values, "address", household?.address ?? "")}
          error={errors.address}
        />
      </div>
      <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}

const AGE_OPTIONS = [
  { value: "adult", label: "Adult" },
  { value: "child", label: "Child" },
] as const;

export function PersonForm({
  action,
  householdId,
  person,
  submitLabel,
  idPrefix,
}: {
  action: Action;
  householdId: string;
  person?: Person;
  submitLabel: string;
  idPrefix: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  const errors = state.fieldErrors ?? {};
  const v = (name: string, fallback: string) => valueOf(state.values, name, fallback);
  const tagError = Object.entries(errors).find(([k]) => k.startsWith("dietaryTags"))?.[1];
  return (
    <form action={formAction} noValidate className="person-form">
      <FormMessage state={state} />
      <input type="hidden" name="householdId" value={householdId} />
      {person ? <input type="hidden" name="personId" value={person.id} /> : null}
      <div className="field-row">
        <TextField
          id={`${idPrefix}-first`}
          name="firstName"
          label="First name"
          required
          maxLength={60}
          defaultValue={v("firstName", person?.firstName ?? "")}
          error={errors.firstName}
          autoComplete="off"
        />
        <TextField
          id={`${idPrefix}-last`}
          name="lastName"
          label="Last name"
          maxLength={60}
          defaultValue={v("lastName", person?.lastName ?? "")}
          error={errors.lastName}
          autoComplete="off"
        />
      </div>
      <div className="field-row">
        <TextField
          id={`${idPrefix}-email`}
          name="email"
          type="email"
          label="Email"
          maxLength={254}
          defaultValue={v("email", person?.email ?? "")}
          error={errors.email}
          autoComplete="off"
        />
        <TextField
          id={`${idPrefix}-phone`}
          name="phone"
          type="tel"
          label="Phone"
          maxLength={40}
          defaultValue={v("phone", person?.phone ?? "")}
          error={errors.phone}
          autoComplete="off"
        />
      </div>
      <RadioGroup
        id={`${idPrefix}-age`}
        name="ageGroup"
        legend="Adult or child"
        options={AGE_OPTIONS}
        defaultValue={v("ageGroup", person?.ageGroup ?? "adult")}
        error={errors.ageGroup}
        className="inline"
      />
      <DietaryFields
        id={`${idPrefix}-diet`}
        tagsName="dietaryTags"
        notesName="dietaryNotes"
        tags={listOf(state.values, "dietaryTags", person?.dietaryTags ?? [])}
        notes={v("dietaryNotes", person?.dietaryNotes ?? "")}
        error={tagError}
        notesError={errors.dietaryNotes}
      />
      <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
