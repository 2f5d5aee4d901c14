import { promises as fsp } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../storage/fs-store";
import { closeSmtpTransports, pooledSmtpTransport } from "./smtp";

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

/** The account mails' pooled transport (lib/mail/smtp.ts), so one URL keeps one pool per process. */
export function smtpTransport(url: string): MailTransport {
  const transport = pooledSmtpTransport(url);
  return {
    kind: "smtp",
    async deliver(_key, envelope, mime) {
      await transport.sendMail({ envelope: { from: envelope.from, to: [...envelope.to] }, raw: mime });
    },
  };
}

export function closeQueueTransports(): void {
  closeSmtpTransports();
}
