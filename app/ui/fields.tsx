import { DIETARY_LABELS, DIETARY_TAGS } from "@/lib/data/client";
import type { FormState } from "@/lib/forms";

/**
 * Form fields shared by the organizer and guest forms. Plain components (no hooks), usable from Server and
 * Client Components alike. Every error sits next to its field and is tied to it with aria-describedby.
 */

type Values = FormState["values"];

export function valueOf(values: Values, name: string, fallback = ""): string {
  const v = values?.[name];
  return typeof v === "string" ? v : fallback;
}

export function listOf(values: Values, name: string, fallback: readonly string[] = []): readonly string[] {
  const v = values?.[name];
  return Array.isArray(v) ? v : fallback;
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p className="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

function described(id: string, error?: string, hint?: string): string | undefined {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

interface BaseProps {
  /** Unique on the page (several forms may share field names). */
  id: string;
  name: string;
  label: string;
  error?: string;
  hint?: string;
  defaultValue?: string;
  required?: boolean;
}

export function TextField({
  type = "text",
  maxLength,
  autoComplete,
  inputMode,
  min,
  max,
  ...props
}: BaseProps & {
  type?: "text" | "email" | "password" | "tel" | "number" | "datetime-local" | "search";
  maxLength?: number;
  autoComplete?: string;
  inputMode?: "numeric" | "text" | "email" | "tel";
  min?: number;
  max?: number;
}) {
  const { id, name, label, error, hint, defaultValue, required } = props;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="optional"> (optional)</span>}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        // A password is never echoed back into the page.
        defaultValue={type === "password" ? undefined : defaultValue}
        maxLength={maxLength}
        autoComplete={autoComplete}
        inputMode={inputMode}
        min={min}
        max={max}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, hint)}
      />
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function TextArea({ rows = 3, maxLength, ...props }: BaseProps & { rows?: number; maxLength?: number }) {
  const { id, name, label, error, hint, defaultValue, required } = props;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="optional"> (optional)</span>}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, hint)}
      />
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function SelectField({
  options,
  ...props
}: BaseProps & { options: readonly { value: string; label: string }[] }) {
  const { id, name, label, error, hint, defaultValue } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, hint)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function RadioGroup({
  id,
  name,
  legend,
  options,
  defaultValue,
  error,
  className,
}: {
  id: string;
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
  error?: string;
  className?: string;
}) {
  return (
    <fieldset className={`radio-group ${className ?? ""}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="choices">
        {options.map((o) => (
          <label key={o.value} className="choice">
            <input type="radio" name={name} value={o.value} defaultChecked={defaultValue === o.value} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

export function DietaryFields({
  id,
  tagsName,
  notesName,
  tags,
  notes,
  error,
  notesError,
  legend = "Dietary restrictions",
  legendHidden = false,
}: {
  id: string;
  tagsName: string;
  notesName: string;
  tags: readonly string[];
  notes: string;
  error?: string;
  notesError?: string;
  legend?: string;
  /** For a fieldset already titled on screen (inside a "Dietary restrictions" disclosure): read out, not shown again. */
  legendHidden?: boolean;
}) {
  return (
    <fieldset className="dietary" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className={legendHidden ? "visually-hidden" : undefined}>{legend}</legend>
      <div className="tag-choices">
        {DIETARY_TAGS.map((tag) => (
          // No class and no <span>: 12 of these per person (6 people on a phone's RSVP page, issue 19); the CSS
          // styles `.tag-choices > label`, and the text is the label's own flex item.
          <label key={tag}>
            <input type="checkbox" name={tagsName} value={tag} defaultChecked={tags.includes(tag)} />
            {DIETARY_LABELS[tag]}
          </label>
        ))}
      </div>
      <FieldError id={id} error={error} />
      <TextField
        id={`${id}-notes`}
        name={notesName}
        label="Other dietary needs"
        maxLength={300}
        defaultValue={notes}
        error={notesError}
      />
    </fieldset>
  );
}

/** The form's message: an error (role alert), or a confirmation when `ok` (role status). */
export function FormMessage({ state }: { state: Pick<FormState, "message" | "ok"> }) {
  if (!state.message) return null;
  return (
    <div className={`alert ${state.ok ? "success" : "error"}`} role={state.ok ? "status" : "alert"}>
      {state.message}
    </div>
  );
}
