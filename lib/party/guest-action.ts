import "server-only";
import { StoreBusyError, StoreUnavailableError } from "../errors";
import type { FormState } from "../forms";

/** What a guest reads when the store cannot take their answer: honest, and their input is still on the form. */
export const GUEST_NOT_SAVED =
  "The service is briefly unavailable, so your answer was not saved. What you entered is still here: please send it again in a minute.";

type Action = (previous: FormState, formData: FormData) => Promise<FormState>;

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
  action: Action,
  valuesOf: (formData: FormData) => FormState["values"] = () => undefined,
): Action {
  return async (previous, formData) => {
    try {
      return await action(previous, formData);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) && !(error instanceof StoreBusyError)) throw error;
      console.error(`[rsvp] store unavailable, the guest's answer was not saved: ${(error as Error).message}`);
      return { message: GUEST_NOT_SAVED, values: valuesOf(formData) };
    }
  };
}
