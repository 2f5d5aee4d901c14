import { toPlainText } from "@react-email/components";
import type { ReactElement } from "react";
import { renderEmailHtml } from "./static-markup";

/** A mail component as HTML and as the plain-text alternative derived from that HTML (React Email's converter). */
export function renderMail(element: ReactElement): { html: string; text: string } {
  const html = renderEmailHtml(element);
  return { html, text: toPlainText(html) };
}
