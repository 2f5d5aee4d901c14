/** What a Server Action behind a useActionState form answers with. Never contains a password. */
export interface FormState<F extends string = string> {
  formError?: string;
  success?: string;
  fieldErrors?: Partial<Record<F, string>>;
  /** Echoed back so a failed attempt does not wipe what was typed. */
  values?: Partial<Record<F, string>>;
}

export function formText(formData: FormData, name: string, max = 1000): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.slice(0, max) : "";
}
