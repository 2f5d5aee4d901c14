/** What a Server Action behind a useActionState form answers with. Never contains a password. */
export interface FormState<F extends string = string> {
  formError?: string;
  success?: string;
  fieldErrors?: Partial<Record<F, string>>;
  /** Echoed back so a failed attempt does not wipe what was typed. */
  values?: Partial<Record<F, string>>;
}
