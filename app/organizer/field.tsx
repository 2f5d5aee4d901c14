import { TextField } from "../ui/fields";

/** The account forms' field: the shared TextField, with ids derived from the name (and a per-form prefix). */
export function Field({
  name,
  idPrefix = "",
  type = "text",
  required = true,
  ...rest
}: {
  name: string;
  /** Keeps ids unique when two forms on one page have a field of the same name. */
  idPrefix?: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
  required?: boolean;
}) {
  return <TextField id={`${idPrefix}${name}`} name={name} type={type} required={required} {...rest} />;
}
