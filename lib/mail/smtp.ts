import { createTransport, type Transporter } from "nodemailer";
import type { MailMessage } from "./message";

const transports = new Map<string, Transporter>();

/** The one pooled SMTP transport per URL per process, shared by the account mails and the mail queue. */
export function pooledSmtpTransport(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    const parsed = new URL(url);
    transport = createTransport({
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : parsed.protocol === "smtps:" ? 465 : 587,
      secure: parsed.protocol === "smtps:",
      auth: parsed.username
        ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
        : undefined,
      pool: true,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(url, transport);
  }
  return transport;
}

/**
 * SMTP delivery through nodemailer (the one mail dependency: SMTP with STARTTLS, AUTH and pooling is not
 * worth re-implementing). SMTP_URL is nodemailer's connection URL: smtp://user:pass@host:587 (STARTTLS when
 * offered) or smtps://user:pass@host:465. One pooled transport per URL per process.
 */
export async function sendViaSmtp(url: string, from: string, message: MailMessage): Promise<void> {
  await pooledSmtpTransport(url).sendMail({ from, to: message.to, subject: message.subject, text: message.text });
}

/** Closes pooled connections (tests, CLIs). */
export function closeSmtpTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
