"use server";

import { notFound, redirect } from "next/navigation";
import { householdInputSchema, personInputSchema } from "@/lib/data/households";
import { requireOrganizerScope, requireOwnedHousehold } from "@/lib/party/access";
import type { FormState } from "@/lib/party/form-state";
import { fieldErrorsOf, formList, formText, formTexts } from "@/lib/party/forms";
import { deleteHousehold, removePerson } from "@/lib/party/manage";

/** Address book actions: each checks the session and that the household is this organizer's. */

const HOUSEHOLD_FIELDS = ["name", "address"] as const;
const PERSON_FIELDS = ["firstName", "lastName", "email", "phone", "ageGroup", "dietaryNotes"] as const;

const back = (householdId: string, notice: string, anchor = "") => `/organizer/guests/${householdId}?notice=${notice}${anchor}`;

export async function createHouseholdAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { organizer, data } = await requireOrganizerScope("/organizer/guests");
  const values = formTexts(formData, HOUSEHOLD_FIELDS);
  const parsed = householdInputSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  const household = await data.households.create(organizer.id, parsed.data);
  redirect(back(household.id, "household-created", "#add-person"));
}

export async function updateHouseholdAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const householdId = formText(formData, "householdId");
  const { organizer, data } = await requireOwnedHousehold(householdId);
  const values = formTexts(formData, HOUSEHOLD_FIELDS);
  const parsed = householdInputSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  if (!(await data.households.update(organizer.id, householdId, parsed.data)).ok) notFound();
  redirect(back(householdId, "household-saved"));
}

export async function deleteHouseholdAction(formData: FormData): Promise<void> {
  const householdId = formText(formData, "householdId");
  const { organizer, data } = await requireOwnedHousehold(householdId);
  if (!(await deleteHousehold(data, organizer.id, householdId)).ok) notFound();
  redirect("/organizer/guests?notice=household-deleted");
}

function personValues(formData: FormData) {
  return { ...formTexts(formData, PERSON_FIELDS), dietaryTags: formList(formData, "dietaryTags") };
}

export async function addPersonAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const householdId = formText(formData, "householdId");
  const { organizer, data } = await requireOwnedHousehold(householdId);
  const values = personValues(formData);
  const parsed = personInputSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  const result = await data.households.addPerson(organizer.id, householdId, parsed.data);
  if (!result.ok) {
    if (result.reason === "full") return { message: result.message, values };
    notFound();
  }
  redirect(back(householdId, "person-added", "#people"));
}

export async function updatePersonAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const householdId = formText(formData, "householdId");
  const { organizer, data } = await requireOwnedHousehold(householdId);
  const personId = formText(formData, "personId");
  const values = personValues(formData);
  const parsed = personInputSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  if (!(await data.households.updatePerson(organizer.id, householdId, personId, parsed.data)).ok) notFound();
  redirect(back(householdId, "person-saved", "#people"));
}

export async function removePersonAction(formData: FormData): Promise<void> {
  const householdId = formText(formData, "householdId");
  const { organizer, data } = await requireOwnedHousehold(householdId);
  if (!(await removePerson(data, organizer.id, householdId, formText(formData, "personId"))).ok) notFound();
  redirect(back(householdId, "person-removed", "#people"));
}
