/** A labelled input with its error next to it, wired for screen readers. Works in server and client forms. */
export function Field({
  name,
  idPrefix = "",
  label,
  type = "text",
  autoComplete,
  defaultValue,
  error,
  hint,
  required = true,
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
  const id = `${idPrefix}${name}`;
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        defaultValue={type === "password" ? undefined : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormMessages({ formError, success }: { formError?: string; success?: string }) {
  return (
    <>
      {formError ? (
        <div className="alert error" role="alert">
          {formError}
        </div>
      ) : null}
      {success ? (
        <div className="alert success" role="status">
          {success}
        </div>
      ) : null}
    </>
  );
}
