import { promises as fsp, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PartyData } from "../../lib/data/party";
import type { MailTransport } from "../../lib/mail/delivery";
import { outboxTransport } from "../../lib/mail/delivery";
import type { QueueWorkerOptions } from "../../lib/mail/queue";
import { eventInput, makeOrganizer, person } from "../party/support";

export const LINK_SECRET = "unit-test-unsubscribe-secret-0123456789";
export const APP = "https://parties.example.test";

/** A published event with `n` invited households, each with one address (household i: guest-i@example.com). */
export async function invitedEvent(
  data: PartyData,
  n = 3,
  overrides: Parameters<typeof eventInput>[0] = {},
  inDays = 30,
) {
  const organizerId = await makeOrganizer(data);
  const event = await data.events.create(organizerId, eventInput(overrides, inDays));
  const householdIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = await data.households.create(organizerId, { name: `Household ${i}`, address: "" }, [
      person(`Guest${i}`, { email: `guest-${i}@example.com` }),
      person(`Kid${i}`, { ageGroup: "child" }),
    ]);
    householdIds.push(h.id);
  }
  const invited = await data.invitations.inviteMany(organizerId, event.id, householdIds);
  if (!invited.ok) throw new Error("invite failed");
  const invitations = await data.invitations.listForEvent(event.id);
  return { organizerId, event, householdIds, invitations };
}

export function tempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `hpp-mail-${label}-`));
}

/** An outbox transport that also counts deliveries per key (a duplicate delivery shows as a count of 2). */
export function countingOutbox(dir: string): MailTransport & { deliveries: Map<string, number> } {
  const inner = outboxTransport(dir);
  const deliveries = new Map<string, number>();
  return {
    kind: "outbox",
    deliveries,
    async deliver(key, envelope, mime) {
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      await inner.deliver(key, envelope, mime);
    },
  };
}

export function workerOptions(
  data: PartyData,
  transport: MailTransport,
  extra: Partial<QueueWorkerOptions> = {},
): QueueWorkerOptions {
  return {
    db: data.db,
    transport,
    from: "Party Planner <no-reply@example.test>",
    appUrl: APP,
    linkSecret: LINK_SECRET,
    ...extra,
  };
}

export async function outboxFiles(dir: string): Promise<{ name: string; text: string }[]> {
  const outbox = path.join(dir, "outbox");
  const names = (await fsp.readdir(outbox).catch(() => [] as string[])).filter((n) => n.endsWith(".eml")).sort();
  return Promise.all(names.map(async (name) => ({ name, text: await fsp.readFile(path.join(outbox, name), "utf8") })));
}

/** A header's (unfolded) value from a MIME text, or null. */
export function header(mime: string, name: string): string | null {
  const head = mime.split(/\r\n\r\n/)[0]!.replace(/\r\n[ \t]+/g, " ");
  const line = head.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}

/** Every text part of a MIME message, transfer-decoded (quoted-printable or base64) and joined. */
export function bodyText(mime: string): string {
  const parts = mime.split(/\r\n--[^\r\n]+\r\n/);
  const texts: string[] = [];
  for (const part of parts) {
    const [head, ...rest] = part.split("\r\n\r\n");
    if (!head || !/content-type: text\//i.test(head)) continue;
    const body = rest.join("\r\n\r\n");
    if (/content-transfer-encoding: quoted-printable/i.test(head)) {
      texts.push(
        Buffer.from(
          body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
      );
    } else if (/content-transfer-encoding: base64/i.test(head)) {
      texts.push(Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8"));
    } else texts.push(body);
  }
  return texts.join("\n");
}
