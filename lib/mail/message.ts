import { randomBytes } from "node:crypto";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** A header value may never carry a line break: that is how header injection works. */
function singleLine(value: string, what: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`Mail ${what} must be a single line`);
  return value;
}

/** RFC 2047 for non-ASCII subjects, so the .eml opens correctly in any mail program. */
function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}

/** The message as an RFC 5322 document (what the outbox stores and what an SMTP server would receive). */
export function toEml(message: MailMessage, from: string, now = new Date()): string {
  const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? "localhost";
  const headers = [
    `From: ${singleLine(from, "sender")}`,
    `To: ${singleLine(message.to, "recipient")}`,
    `Subject: ${encodeHeader(singleLine(message.subject, "subject"))}`,
    `Date: ${now.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${randomBytes(12).toString("hex")}@${domain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
  ];
  const body = message.text.replace(/\r?\n/g, "\r\n");
  return `${headers.join("\r\n")}\r\n\r\n${body}\r\n`;
}
