/** What a form's Server Action returns to useActionState (and to the page, with JavaScript off). */
export interface FormState {
  /** A message for the whole form (an error, or a confirmation when the action does not redirect). */
  message?: string;
  ok?: boolean;
  fieldErrors?: Record<string, string>;
  /** What was submitted, echoed back so a failed attempt does not wipe what was typed. */
  values?: Record<string, string | string[]>;
}

export const initialFormState: FormState = {};
