"use client";

import { useFormStatus } from "react-dom";

/** A submit button that says it is working while its form's action runs (with JavaScript). */
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
  const { pending } = useFormStatus();
  return (
    <button className={className} type="submit" disabled={pending} name={name} value={value}>
      {pending && pendingText ? pendingText : children}
    </button>
  );
}
