import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { SMTPServer } from "smtp-server";
import { closeQueueTransports, smtpTransport } from "../../lib/mail/delivery";
import { sendInvitationMail } from "../../lib/mail/invitations";
import { listEventMail, processMailQueue } from "../../lib/mail/queue";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { makeData } from "../party/support";
import { bodyText, header, invitedEvent, workerOptions } from "./support";

// A real SMTP server (smtp-server) on a free port: the queue sends through nodemailer's SMTP client to it. The
// server refuses the first message with a temporary 451 and accepts from then on; the refused mail stays
// queued with the server's answer, and is sent on the retry.
interface Received {
  from: string;
  to: string[];
  data: string;
}

async function startServer(refuseFirst: number) {
  const received: Received[] = [];
  let refusals = refuseFirst;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals -= 1;
          const error = Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 });
          return callback(error);
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("queue through a real SMTP server", () => {
  after(() => closeQueueTransports());

  it("a temporary failure keeps the mail queued with the server's answer; the retry delivers it once", async () => {
    const server = await startServer(1);
    try {
      const data = makeData(createMemoryStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 2);
      await sendInvitationMail(
        data.db,
        organizerId,
        event.id,
        invitations.map((i) => ({ invitationId: i.id })),
      );
      let now = Date.now();
      const options = workerOptions(data, smtpTransport(server.url), { now: () => now });
      const first = await processMailQueue(options);
      assert.deepEqual(first, { sent: 1, failed: 1, skipped: 0 });
      const failed = (await listEventMail(data.db, event.id)).find((j) => j.status === "queued");
      assert.ok(failed, "the refused mail is not queued");
      assert.match(failed.lastError!, /451/);
      assert.match(failed.lastError!, /Mailbox busy/);
      assert.equal(server.received.length, 1);
      now = failed.nextAttemptAt + 1;
      assert.deepEqual(await processMailQueue(options), { sent: 1, failed: 0, skipped: 0 });
      assert.deepEqual(await processMailQueue(options), { sent: 0, failed: 0, skipped: 0 });
      assert.equal(server.received.length, 2);
      const keys = server.received.map((m) => header(m.data, "X-Idempotency-Key")).sort();
      assert.deepEqual(keys, invitations.map((i) => `${i.id}.invitation`).sort());
      for (const mail of server.received) {
        assert.equal(mail.from, "no-reply@example.test");
        assert.equal(mail.to.length, 1);
        assert.match(bodyText(mail.data), /\/rsvp\/[A-Za-z0-9_-]{43}/);
      }
    } finally {
      closeQueueTransports();
      await server.close();
    }
  });

  it("an SMTP server that is down leaves every mail queued with the error, nothing lost", async () => {
    const server = await startServer(0);
    const url = server.url;
    await server.close();
    const data = makeData(createMemoryStore());
    const { organizerId, event, invitations } = await invitedEvent(data, 2);
    await sendInvitationMail(
      data.db,
      organizerId,
      event.id,
      invitations.map((i) => ({ invitationId: i.id })),
    );
    const report = await processMailQueue(workerOptions(data, smtpTransport(url)));
    assert.deepEqual(report, { sent: 0, failed: 2, skipped: 0 });
    const jobs = await listEventMail(data.db, event.id);
    assert.ok(
      jobs.every((j) => j.status === "queued" && /ECONNREFUSED/.test(j.lastError ?? "")),
      JSON.stringify(jobs.map((j) => j.lastError)),
    );
    closeQueueTransports();
  });
});
