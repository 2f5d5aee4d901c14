import MailComposer from "nodemailer/lib/mail-composer";

/**
 * A party mail as MIME (multipart: plain text, HTML, and the event as text/calendar), built by nodemailer's
 * MailComposer, the same code that builds what its SMTP transport sends: encoding, folding and the
 * multipart structure are not ours to get wrong.
 */

export interface Recipient {
  name: string;
  address: string;
}

export interface ComposedMail {
  /** The idempotency key; also the Message-ID's local part, so a resent copy after a crash is the same message. */
  key: string;
  from: string;
  to: Recipient[];
  subject: string;
  html: string;
  text: string;
  ics?: { content: string; method: "PUBLISH" | "CANCEL"; filename: string };
  /** RFC 8058 one-click unsubscribe URL (List-Unsubscribe + List-Unsubscribe-Post); none for account mail. */
  unsubscribeUrl?: string;
  date: Date;
}

/**
 * Header values that come from people's input (names, event titles) lose every line break and control
 * character: a header can never be ended early, so no header can be injected. nodemailer encodes what is left.
 */
export function headerSafe(value: string, max = 200): string {
  return value
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
}

function domainOf(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "localhost";
}

export async function composeMime(mail: ComposedMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to.map((r) => ({ name: headerSafe(r.name, 100), address: r.address })),
    subject: headerSafe(mail.subject, 250),
    // MIME lines end in CRLF; html-to-text and JSX give LF.
    text: mail.text.replace(/\r?\n/g, "\r\n"),
    html: mail.html.replace(/\r?\n/g, "\r\n"),
    date: mail.date,
    messageId: `<${mail.key}@${domainOf(mail.from)}>`,
    headers: {
      "X-Idempotency-Key": mail.key,
      ...(mail.unsubscribeUrl
        ? { "List-Unsubscribe": `<${mail.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
        : {}),
      "Auto-Submitted": "auto-generated",
    },
    icalEvent: mail.ics
      ? { method: mail.ics.method, filename: mail.ics.filename, content: mail.ics.content }
      : undefined,
  });
  return composer.compile().build();
}
