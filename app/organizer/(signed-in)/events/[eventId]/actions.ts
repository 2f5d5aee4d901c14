"use server";

import { notFound, redirect } from "next/navigation";
import { hostAnswerInputSchema, plusOnesAllowedInputSchema, potluckItemInputSchema } from "@/lib/data";
import { after } from "next/server";
import { sendQueuedMailSoon } from "@/lib/jobs";
import {
  addPotluckItem,
  guardAction,
  guardForm,
  inviteHouseholds,
  isStoreProblem,
  requireEventRole,
  changeInvitation,
  isInvitationChange,
  removePotluckItem,
  setAnswerForGuest,
  updatePotluckItem,
  whenStoreAllows,
} from "@/lib/party";
import { type FormState, fieldErrorsOf, formList, formText, formTexts } from "@/lib/forms";

/**
 * The organizer's event page actions. Each starts with requireEventRole (session + the organizer hosts the event in
 * the form), and the repository call checks the ownership of every other id again: a household, person,
 * invitation or item of another organizer (or of another event) is a 404 and nothing changes.
 */

const back = (eventId: string, notice: string, anchor = "") => `/organizer/events/${eventId}?notice=${notice}${anchor}`;

export async function inviteHouseholdsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const householdIds = formList(formData, "householdId");
    const plusOnes = plusOnesAllowedInputSchema.safeParse(formText(formData, "plusOnesAllowed"));
    if (!plusOnes.success) {
      return {
        fieldErrors: { plusOnesAllowed: plusOnes.error.issues[0]?.message ?? "Enter a whole number" },
        values: { plusOnesAllowed: formText(formData, "plusOnesAllowed") },
      };
    }
    if (householdIds.length === 0) return { message: "Choose at least one household to invite." };
    const result = await whenStoreAllows(() =>
      inviteHouseholds(data, organizer.id, eventId, householdIds, plusOnes.data),
    );
    if (isStoreProblem(result)) return { message: result.message };
    if (!result.ok) notFound();
    redirect(back(eventId, "invited", "#invitations"));
  });
}

/** Revoke, regenerate or remove an invitation of this event. */
export async function invitationAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const intent = formText(formData, "intent");
    if (!isInvitationChange(intent)) notFound();
    const result = await whenStoreAllows(() =>
      changeInvitation(data, organizer.id, eventId, formText(formData, "invitationId"), intent),
    );
    if (isStoreProblem(result)) redirect(back(eventId, result.problem, "#invitations"));
    if (!result.ok) notFound();
    const notice = { revoke: "revoked", regenerate: "regenerated", remove: "uninvited" }[intent];
    redirect(back(eventId, notice, "#invitations"));
  });
}

export async function setAnswerAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const parsed = hostAnswerInputSchema.safeParse(formTexts(formData, ["personId", "status"]));
    if (!parsed.success) notFound();
    const result = await whenStoreAllows(() =>
      setAnswerForGuest(data, organizer.id, eventId, parsed.data.personId, parsed.data.status),
    );
    if (isStoreProblem(result)) redirect(back(eventId, result.problem, "#guests"));
    if (!result.ok) notFound();
    // The household's confirmation was queued with the answer: send it now rather than at the next tick.
    after(sendQueuedMailSoon);
    redirect(back(eventId, "answer", "#guests"));
  });
}

const ITEM_FIELDS = ["name", "category", "quantity", "notes"] as const;

export async function addPotluckItemAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const values = formTexts(formData, ITEM_FIELDS);
    const parsed = potluckItemInputSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const result = await whenStoreAllows(() => addPotluckItem(data, organizer.id, eventId, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) notFound();
    redirect(back(eventId, "item-added", "#potluck"));
  });
}

export async function updatePotluckItemAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const itemId = formText(formData, "itemId");
    const values = formTexts(formData, ITEM_FIELDS);
    const parsed = potluckItemInputSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const result = await whenStoreAllows(() => updatePotluckItem(data, organizer.id, eventId, itemId, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) {
      if (result.reason === "over-claimed") return { fieldErrors: { quantity: result.message ?? "Too few" }, values };
      notFound();
    }
    redirect(back(eventId, "item-saved", "#potluck"));
  });
}

export async function removePotluckItemAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const itemId = formText(formData, "itemId");
    const result = await whenStoreAllows(() => removePotluckItem(data, organizer.id, eventId, itemId));
    if (isStoreProblem(result)) redirect(back(eventId, result.problem, "#potluck"));
    if (!result.ok) notFound();
    redirect(back(eventId, "item-removed", "#potluck"));
  });
}
