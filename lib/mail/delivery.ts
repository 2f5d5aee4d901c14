import { promises as fsp } from "node:fs";
import path from "node:path";
import { createTransport, type Transporter } from "nodemailer";
import { writeFileAtomic } from "../storage/fs-store";

/**
 * Where a queued mail goes: an SMTP server (SMTP_URL) or, without one, DATA_DIR/outbox/<key>.eml.
 *
 * The outbox is idempotent by construction: the file is named by the mail's idempotency key, written
 * atomically, and not written again when it exists, so a sender that crashed after writing and before the
 * queue recorded "sent" cannot leave a second copy. SMTP cannot be made idempotent from this side: a crash
 * between the server's "250 OK" and the commit that records it sends that one mail again after the lease
 * expires (with the same Message-ID, which lets receiving systems drop the copy). Every other failure (no
 * answer, a refusal, a 4xx or 5xx) leaves the mail queued for a retry.
 */

export interface MailEnvelope {
  from: string;
  to: string[];
}

export interface MailTransport {
  readonly kind: "outbox" | "smtp";
  deliver(key: string, envelope: MailEnvelope, mime: Buffer): Promise<void>;
}

export function outboxTransport(dataDir: string): MailTransport {
  const dir = path.join(dataDir, "outbox");
  return {
    kind: "outbox",
    async deliver(key, _envelope, mime) {
      await fsp.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${key}.eml`);
      const exists = await fsp
        .stat(file)
        .then(() => true)
        .catch(() => false);
      if (exists) return;
      await writeFileAtomic(file, mime.toString("utf8"));
    },
  };
}

const smtpTransports = new Map<string, Transporter>();

/** Same settings as the account mails (lib/mail/smtp.ts): one pooled transport per URL per process. */
export function smtpTransport(url: string): MailTransport {
  let transport = smtpTransports.get(url);
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
    smtpTransports.set(url, transport);
  }
  const ready = transport;
  return {
    kind: "smtp",
    async deliver(_key, envelope, mime) {
      await ready.sendMail({ envelope: { from: envelope.from, to: [...envelope.to] }, raw: mime });
    },
  };
}

export function closeQueueTransports(): void {
  for (const transport of smtpTransports.values()) transport.close();
  smtpTransports.clear();
}
