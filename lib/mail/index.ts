import "server-only";
import { getConfig } from "../config";
import { toEml, type MailMessage } from "./message";
import { writeToOutbox } from "./outbox";
import { sendViaSmtp } from "./smtp";

export type { MailMessage } from "./message";

/**
 * Sends one mail: through SMTP when SMTP_URL is set, otherwise into DATA_DIR/outbox as an .eml file (the
 * development default; open it in any mail program). `logLine` is printed for outbox mail outside production
 * so a developer sees the link at once; in production links are never logged (they are bearer secrets).
 */
export async function sendMail(message: MailMessage, options: { logLine?: string } = {}): Promise<void> {
  const config = getConfig();
  if (config.mail.smtpUrl) {
    await sendViaSmtp(config.mail.smtpUrl, config.mail.from, message);
    console.info(`[mail] sent "${message.subject}" via SMTP`);
    return;
  }
  const file = await writeToOutbox(config.dataDir, toEml(message, config.mail.from));
  console.info(`[mail] "${message.subject}" written to ${file}`);
  if (options.logLine && !config.isProduction) console.info(`[mail] ${options.logLine}`);
}
export type { MailJob } from "./jobs";
export type { MailKind } from "./jobs";
export { cancelEventWithMail } from "./invitations";
export { deliveryState } from "./jobs";
export { escapeHtml } from "./static-markup";
export { loadInvitationMail } from "./invitations";
export { mailSettingsInputSchema } from "./settings";
export { openUnsubscribeToken } from "./unsubscribe";
export { optOut } from "./unsubscribe";
export { readMailSettings } from "./settings";
export { saveMailSettings } from "./settings";
export { sendInvitationMail } from "./invitations";
export { invitationMailRows, readEventMail } from "./invitations";
export type { MailSettings } from "./settings";
