import type { ReactNode } from "react";
import { SubmitButton } from "../../../../ui/submit-button";

/**
 * A click that cannot be taken back, asked twice: the first button only opens a <details> that says what
 * will happen (to the guests above all), and the form inside it posts. <details> opens without JavaScript,
 * so the confirmation step holds with JavaScript off too.
 */
export function ConfirmAction({
  label,
  confirmLabel,
  action,
  fields,
  children,
  testId,
  size = "small",
}: {
  /** The first, harmless click: opens the confirmation. */
  label: string;
  /** The button that acts, e.g. "Yes, revoke the link". */
  confirmLabel: string;
  action: (formData: FormData) => Promise<void>;
  /** Hidden inputs naming what the action works on. */
  fields: Record<string, string>;
  /** What happens, said to the host before they confirm. */
  children: ReactNode;
  testId?: string;
  /** "regular" when it sits among full-size buttons (the overview's row), so it looks like its neighbours. */
  size?: "small" | "regular";
}) {
  const small = size === "small" ? " small" : "";
  return (
    <details className="confirm" data-testid={testId}>
      <summary className={`button secondary${small}`}>{label}</summary>
      <form action={action} className="confirm-panel" role="group" aria-label={label}>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p className="small">{children}</p>
        <SubmitButton className={`button danger${small}`}>{confirmLabel}</SubmitButton>
      </form>
    </details>
  );
}
