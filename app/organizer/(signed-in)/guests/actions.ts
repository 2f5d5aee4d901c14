"use server";

import { notFound, redirect } from "next/navigation";
import { householdInputSchema, personInputSchema } from "@/lib/data";
import {
  addPerson,
  createHousehold,
  updateHousehold,
  updatePerson,
  deleteHousehold,
  guardAction,
  guardForm,
  isStoreProblem,
  removePerson,
  requireOrganizerScope,
  requireOwnedHousehold,
  whenStoreAllows,
} from "@/lib/party";
import { type FormState, fieldErrorsOf, formList, formText, formTexts } from "@/lib/forms";

/** Address book actions: each checks the session and that the household is this organizer's. */

const HOUSEHOLD_FIELDS = ["name", "address"] as const;
const PERSON_FIELDS = ["firstName", "lastName", "email", "phone", "ageGroup", "dietaryNotes"] as const;

const back = (householdId: string, notice: string, anchor = "") =>
  `/organizer/guests/${householdId}?notice=${notice}${anchor}`;

export async function createHouseholdAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const { organizer, data } = await requireOrganizerScope("/organizer/guests");
    const values = formTexts(formData, HOUSEHOLD_FIELDS);
    const parsed = householdInputSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const household = await whenStoreAllows(() => createHousehold(data, organizer.id, parsed.data));
    if (isStoreProblem(household)) return { message: household.message, values };
    redirect(back(household.id, "household-created", "#add-person"));
  });
}

export async function updateHouseholdAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const householdId = formText(formData, "householdId");
    const { organizer, data } = await requireOwnedHousehold(householdId);
    const values = formTexts(formData, HOUSEHOLD_FIELDS);
    const parsed = householdInputSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const result = await whenStoreAllows(() => updateHousehold(data, organizer.id, householdId, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) notFound();
    redirect(back(householdId, "household-saved"));
  });
}

export async function deleteHouseholdAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/guests", formText(formData, "householdId"), async () => {
    const householdId = formText(formData, "householdId");
    const { organizer, data } = await requireOwnedHousehold(householdId);
    const result = await whenStoreAllows(() => deleteHousehold(data, organizer.id, householdId));
    if (isStoreProblem(result)) redirect(back(householdId, result.problem));
    if (!result.ok) notFound();
    redirect("/organizer/guests?notice=household-deleted");
  });
}

function personValues(formData: FormData) {
  return { ...formTexts(formData, PERSON_FIELDS), dietaryTags: formList(formData, "dietaryTags") };
}

export async function addPersonAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const householdId = formText(formData, "householdId");
    const { organizer, data } = await requireOwnedHousehold(householdId);
    const values = personValues(formData);
    const parsed = personInputSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const result = await whenStoreAllows(() => addPerson(data, organizer.id, householdId, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) {
      if (result.reason === "full") return { message: result.message, values };
      notFound();
    }
    redirect(back(householdId, "person-added", "#people"));
  });
}

export async function updatePersonAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const householdId = formText(formData, "householdId");
    const { organizer, data } = await requireOwnedHousehold(householdId);
    const personId = formText(formData, "personId");
    const values = personValues(formData);
    const parsed = personInputSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const result = await whenStoreAllows(() => updatePerson(data, organizer.id, householdId, personId, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) notFound();
    redirect(back(householdId, "person-saved", "#people"));
  });
}

export async function removePersonAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/guests", formText(formData, "householdId"), async () => {
    const householdId = formText(formData, "householdId");
    const { organizer, data } = await requireOwnedHousehold(householdId);
    const result = await whenStoreAllows(() =>
      removePerson(data, organizer.id, householdId, formText(formData, "personId")),
    );
    if (isStoreProblem(result)) redirect(back(householdId, result.problem, "#people"));
    if (!result.ok) notFound();
    redirect(back(householdId, "person-removed", "#people"));
  });
}
