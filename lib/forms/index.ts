import type { z } from "zod";

/**
 * Forms, on both sides of a Server Action: what the action answers with, and FormData read into plain strings
 * for a zod schema. No server-only import: client components use FormState and initialFormState too.
 */

/**
 * What a form's Server Action returns to useActionState (and to the page, with JavaScript off): the one form
 * state of the app. `F` names the form's fields; `V` is what a field's echoed value is. Never holds a password.
 */
export interface FormState<F extends string = string, V = string | string[]> {
  /** A message for the whole form: an error, or (with `ok`) a confirmation when the action does not redirect. */
  message?: string;
  ok?: boolean;
  fieldErrors?: Partial<Record<F, string>>;
  /** What was submitted, echoed back so a failed attempt does not wipe what was typed. */
  values?: Partial<Record<F, V>>;
  /** The throttle refused a log-in (not a wrong password): the form offers a password reset instead of waiting. */
  lockedOut?: boolean;
}

export const initialFormState: FormState = {};

/**
 * FormData in, plain values out: a missing field or a File is "", so schemas see strings only. `max` cuts an
 * oversized value before it reaches a schema (or bcrypt).
 */
export function formText(formData: FormData, name: string, max?: number): string {
  const value = formData.get(name);
  if (typeof value !== "string") return "";
  return max === undefined ? value : value.slice(0, max);
}

export function formList(formData: FormData, name: string): string[] {
  return formData.getAll(name).filter((v): v is string => typeof v === "string");
}

export function formTexts<const K extends string>(formData: FormData, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, formText(formData, n)])) as Record<K, string>;
}

/**
 * The first message per field, keyed by the field's path ("people.0.status"; "_form" for the whole form).
 * Given `fields`, only those top-level fields are kept.
 */
export function fieldErrorsOf(error: z.ZodError): Record<string, string>;
export function fieldErrorsOf<K extends string>(error: z.ZodError, fields: readonly K[]): Partial<Record<K, string>>;
export function fieldErrorsOf(error: z.ZodError, fields?: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    if (fields && !(typeof issue.path[0] === "string" && fields.includes(issue.path[0]))) continue;
    const key = fields ? (issue.path[0] as string) : issue.path.map(String).join(".") || "_form";
    errors[key] ??= issue.message;
  }
  return errors;
}
