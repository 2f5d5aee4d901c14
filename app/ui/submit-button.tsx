"use client";

import { useFormStatus } from "react-dom";

/**
 * A submit button that says it is working while its form's action runs (with JavaScript). Every submit button
 * of the form is disabled meanwhile; one with a name and value says it is working only when it is the one
 * pressed (the sent form data carries its name and value), so a form with a button per row (the guest's potluck
 * list) does not show "Saving…" on all of them.
 */
export function SubmitButton({
  children,
  pendingText,
  className = "button",
  name,
  value,
}: {
  children: React.ReactNode;
  pendingText?: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending, data } = useFormStatus();
  const pressed = pending && (name === undefined || data?.get(name) === value);
  return (
    <button className={className} type="submit" disabled={pending} name={name} value={value}>
      {pressed && pendingText ? pendingText : children}
    </button>
  );
}
