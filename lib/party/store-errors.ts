import "server-only";
import { redirect } from "next/navigation";
import { StoreBusyError, StoreUnavailableError, unlessStoreTrouble } from "../errors";
import { isId } from "../data/records";
import type { FormState } from "../forms";

// How actions meet a store that is down or busy: one module, every wrapper built on lib/errors' unlessStoreTrouble.

/** What a person sees when their change kept colliding with others' (or the store stayed busy). */
export const BUSY_MESSAGE =
  "The planner is busy right now and your change was not saved. Please try again in a moment.";
/** What a person sees when the store cannot be reached: nothing was saved, nothing is lost. */
export const UNAVAILABLE_MESSAGE =
  "We can't reach our data service right now, so nothing was saved. Please try again in a minute.";

export interface StoreProblem {
  problem: "busy" | "unavailable";
  message: string;
}

const RETRY_AFTER_MS = 150;

function problemOf(error: unknown): StoreProblem | null {
  if (error instanceof StoreBusyError) return { problem: "busy", message: BUSY_MESSAGE };
  if (error instanceof StoreUnavailableError) return { problem: "unavailable", message: UNAVAILABLE_MESSAGE };
  return null;
}

/**
 * Runs a change for a Server Action. A StoreBusyError (the change kept losing to concurrent ones after its
 * own retries, or a store lock stayed taken) gets one more short try; then it, or an unreachable store,
 * becomes a StoreProblem for the form to show: never a 500. Other errors, and Next's redirect/notFound
 * signals, pass through untouched.
 */
export async function whenStoreAllows<T>(change: () => Promise<T>): Promise<T | StoreProblem> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      console.warn(`[data] ${problem.problem} (attempt ${attempt}): ${(error as Error).message}`);
      if (problem.problem === "unavailable" || attempt >= 2) return problem;
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS + Math.random() * RETRY_AFTER_MS));
    }
  }
}

export function isStoreProblem(value: unknown): value is StoreProblem {
  return typeof value === "object" && value !== null && "problem" in value && "message" in value;
}

/** What a form sent, echoed back so a refused attempt keeps what was typed (files and action fields left out). */
function echo(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length === 1 ? all[0]! : all;
  }
  return values;
}

/** A form action whose reads or writes hit an unreachable or busy store answers with a message, not a 500. */
export async function guardForm(formData: FormData, action: () => Promise<FormState>): Promise<FormState> {
  return unlessStoreTrouble("data", action, (error) => ({
    message: problemOf(error)!.message,
    values: echo(formData),
  }));
}

/**
 * A button action (no form state) that hits a store problem goes back to the page of `id` under `base` (or the
 * dashboard, for an id that is not one) with a notice saying so.
 */
export async function guardAction(base: string, id: string, action: () => Promise<void>): Promise<void> {
  const page = isId(id) ? `${base}/${id}` : "/organizer";
  await unlessStoreTrouble("data", action, (error) => {
    redirect(`${page}${page.includes("?") ? "&" : "?"}notice=${problemOf(error)!.problem}`);
  });
}

/** What a guest reads when the store cannot take their answer: honest, and their input is still on the form. */
export const GUEST_NOT_SAVED =
  "The service is briefly unavailable, so your answer was not saved. What you entered is still here: please send it again in a minute.";

type GuestFormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/**
 * The one place where a guest's Server Action meets a store outage. The action runs as written; if the store is
 * unreachable (or too busy) at any point, nothing was saved, and the guest gets GUEST_NOT_SAVED as the form's
 * message together with what they typed (`valuesOf`), instead of an error page that throws the form away.
 * redirect() and notFound() pass through untouched.
 *
 * Pages and form posts without JavaScript never get this far: proxy.ts answers those with the 503 page while
 * the store is down (app/ui/unavailable.ts).
 */
export function guestAction(
  action: GuestFormAction,
  valuesOf: (formData: FormData) => FormState["values"] = () => undefined,
): GuestFormAction {
  return (previous, formData) =>
    unlessStoreTrouble(
      "rsvp",
      () => action(previous, formData),
      () => ({ message: GUEST_NOT_SAVED, values: valuesOf(formData) }),
    );
}
