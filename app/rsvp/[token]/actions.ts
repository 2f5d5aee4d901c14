"use server";

import { notFound, redirect } from "next/navigation";
import { potluckItemInputSchema, guestAnswersInputSchema } from "@/lib/data";
import { after } from "next/server";
import { sendQueuedMailSoon } from "@/lib/jobs";
import {
  requireGuest,
  addGuestItem,
  claimAsGuest,
  removeGuestItem,
  saveGuestAnswers,
  guestAction,
  isStoreProblem,
  whenStoreAllows,
} from "@/lib/party";
import { type FormState, fieldErrorsOf, formList, formText, formTexts } from "@/lib/forms";
import { plusOneField } from "./plus-one-fields";
import { potluckChoice } from "./potluck-input";

/** The most plus-one rows read from a form (a tampered row count beyond it is cut; the schema refuses > 10). */
const MAX_PLUS_ONE_ROWS = 11;

/** How many plus-one rows the form sent (its hidden `plusOneRows`), within bounds. */
function plusOneRowCount(formData: FormData): number {
  const n = Number.parseInt(formText(formData, "plusOneRows"), 10);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_PLUS_ONE_ROWS) : 0;
}

/**
 * The guest's actions. No account: the RSVP token in the form is the credential, checked on every call, and
 * every person or item id is checked against the household and event that token opens. Each is wrapped in
 * guestAction: with the store down the guest gets a message and keeps what they typed.
 */

const CLOSED = "Answers for this event are closed, so nothing was changed.";

const back = (token: string, saved: string, anchor: string) => `/rsvp/${token}?saved=${saved}${anchor}`;

/** The answers form as typed, keyed like its fields, so a form shown again shows exactly that. */
function answerValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = { note: formText(formData, "note") };
  for (const personId of formList(formData, "personId")) {
    values[`status.${personId}`] = formText(formData, `status.${personId}`);
    values[`diet.${personId}`] = formList(formData, `diet.${personId}`);
    values[`dietNotes.${personId}`] = formText(formData, `dietNotes.${personId}`);
  }
  for (let i = 0; i < plusOneRowCount(formData); i++) {
    for (const field of ["id", "name", "dietNotes"] as const)
      values[plusOneField(i, field)] = formText(formData, plusOneField(i, field));
    values[plusOneField(i, "diet")] = formList(formData, plusOneField(i, "diet"));
  }
  return values;
}

const ITEM_FIELDS = ["name", "category", "quantity", "notes"] as const;

export const saveAnswersAction = guestAction(async (_previous: FormState, formData: FormData): Promise<FormState> => {
  const token = formText(formData, "token");
  const { data, ctx } = await requireGuest(token);
  const personIds = formList(formData, "personId");
  // A person of another household is a tampered form: the same 404 as before any validation message (the
  // repository checks it again in its commit).
  const household = new Set(ctx.household.people.map((p) => p.id));
  if (personIds.some((id) => !household.has(id))) notFound();
  const values = answerValues(formData);
  const people = personIds.map((personId) => ({
    personId,
    status: formText(formData, `status.${personId}`),
    dietaryTags: formList(formData, `diet.${personId}`),
    dietaryNotes: formText(formData, `dietNotes.${personId}`),
  }));
  const plusOnes = Array.from({ length: plusOneRowCount(formData) }, (_, i) => ({
    id: formText(formData, plusOneField(i, "id")),
    name: formText(formData, plusOneField(i, "name")),
    dietaryTags: formList(formData, plusOneField(i, "diet")),
    dietaryNotes: formText(formData, plusOneField(i, "dietNotes")),
  }));
  const parsed = guestAnswersInputSchema.safeParse({ people, plusOnes, note: values.note });
  if (!parsed.success) {
    // "people.1.dietaryNotes" -> "dietNotes.<id>", so each message lands next to its person's field;
    // "plusOnes.1.name" -> "plusOne.1.name", next to that guest row's field.
    const fieldErrors: Record<string, string> = {};
    for (const [path, message] of Object.entries(fieldErrorsOf(parsed.error))) {
      const [head, index, field] = path.split(".");
      const id = head === "people" ? personIds[Number(index)] : undefined;
      if (head === "plusOnes") {
        const row = Number(index);
        if (index === undefined || !Number.isInteger(row)) fieldErrors.plusOnes ??= message;
        else if (field === "name") fieldErrors[plusOneField(row, "name")] ??= message;
        else if (field?.startsWith("dietaryTags")) fieldErrors[plusOneField(row, "diet")] ??= message;
        else if (field === "dietaryNotes") fieldErrors[plusOneField(row, "dietNotes")] ??= message;
        else notFound(); // a malformed row id: a tampered form
      } else if (id && field === "status") fieldErrors[`status.${id}`] ??= message;
      else if (id && field?.startsWith("dietaryTags")) fieldErrors[`diet.${id}`] ??= message;
      else if (id && field === "dietaryNotes") fieldErrors[`dietNotes.${id}`] ??= message;
      else if (head === "note") fieldErrors.note ??= message;
      else if (head === "people" && index === undefined) fieldErrors.people ??= message;
      else notFound(); // a malformed person id: a tampered form
    }
    return { fieldErrors, values, message: "Please correct the answers marked below." };
  }
  const result = await whenStoreAllows(() => saveGuestAnswers(data, ctx, parsed.data));
  if (isStoreProblem(result)) return { message: result.message, values };
  if (!result.ok) {
    if (result.reason === "closed") return { message: CLOSED, values };
    if (result.reason === "too-many-plus-ones")
      return {
        fieldErrors: { plusOnes: result.message ?? "Too many guests." },
        values,
        message: "Please correct the answers marked below.",
      };
    notFound();
  }
  after(sendQueuedMailSoon);
  redirect(back(token, result.value.waitlisted > 0 ? "waitlist" : "answers", "#answers"));
}, answerValues);

/**
 * The potluck buttons (claim, remove) are plain form posts without form state (potluck-list.tsx says why): every
 * outcome is a redirect back to the potluck section, a refusal with its reason in the address (the page says it
 * there). A store outage or a busy store is such a refusal too: nothing was saved, and the guest reads so.
 */
async function potluckButton(formData: FormData, change: (token: string) => Promise<string>): Promise<never> {
  const token = formText(formData, "token");
  // The guest link's read and the change alike: redirect() and notFound() pass through.
  const outcome = await whenStoreAllows(() => change(token));
  redirect(back(token, isStoreProblem(outcome) ? outcome.problem : outcome, "#potluck"));
}

/**
 * The potluck list's one form (potluck-list.tsx): the pressed button says which dish, and whether to claim
 * (its select's quantity) or to remove the household's own dish. The token is checked first, then the input
 * (potluckChoice, zod), then that the item belongs to this event and household (the data layer).
 */
export async function potluckAction(formData: FormData): Promise<void> {
  await potluckButton(formData, async (token) => {
    const { data, ctx } = await requireGuest(token);
    const choice = potluckChoice(formData);
    if (choice.kind === "tampered") notFound();
    if (choice.kind === "invalid") return "claim-invalid";
    const result =
      choice.kind === "remove"
        ? await removeGuestItem(data, ctx, choice.itemId)
        : await claimAsGuest(data, ctx, choice.itemId, choice.quantity);
    if (!result.ok) {
      if (result.reason === "closed") return "closed";
      if (result.reason === "over-claimed") return "over-claimed";
      notFound();
    }
    return "potluck";
  });
}

export const addItemAction = guestAction(
  async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const token = formText(formData, "token");
    const { data, ctx } = await requireGuest(token);
    const values = formTexts(formData, ITEM_FIELDS);
    const parsed = potluckItemInputSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const result = await whenStoreAllows(() => addGuestItem(data, ctx, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) {
      if (result.reason === "closed") return { message: CLOSED, values };
      if (result.reason === "too-many") return { message: result.message, values };
      notFound();
    }
    redirect(back(token, "potluck", "#potluck"));
  },
  (formData) => formTexts(formData, ITEM_FIELDS),
);
