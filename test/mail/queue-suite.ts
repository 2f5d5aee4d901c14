import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cancelEventWithMail, loadInvitationMail, sendInvitationMail } from "../../lib/mail/invitations";
import { listEventMail, processMailQueue } from "../../lib/mail/queue";
import { optOutKey } from "../../lib/mail/unsubscribe";
import type { MailTransport } from "../../lib/mail/delivery";
import type { AppStore } from "../../lib/storage/types";
import { makeData } from "../party/support";
import { runTick } from "../../lib/jobs/tick";
import { queueConfirmation } from "../../lib/mail/confirmations";
import { reminderWindows } from "../../lib/mail/reminders";
import { bodyText, countingOutbox, header, invitedEvent, outboxFiles, tempDir, workerOptions } from "./support";

/**
 * The mail queue on one kind of store. `makeStore(shared?)` gives a store; called with a previous store's
 * handle it gives a second instance over the same data (another process/instance), where the store can.
 */
export function defineMailQueueSuite(
  name: string,
  makeStore: () => Promise<AppStore> | AppStore,
  sibling: (store: AppStore) => AppStore,
) {
  describe(`mail queue (${name})`, () => {
    it("queues one invitation per household with an address, once, and sends each exactly once", async () => {
      const data = makeData(await makeStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 3);
      const requests = invitations.map((i) => ({ invitationId: i.id }));
      const first = await sendInvitationMail(data.db, organizerId, event.id, requests);
      assert.ok(first.ok);
      assert.equal(first.value.queued.length, 3);
      // A second click (or a second tab) queues nothing more.
      const again = await sendInvitationMail(data.db, organizerId, event.id, requests);
      assert.ok(again.ok);
      assert.deepEqual(again.value.queued, []);
      assert.equal((await listEventMail(data.db, event.id)).length, 3);

      const dir = tempDir("queue");
      const outbox = countingOutbox(dir);
      const report = await processMailQueue(workerOptions(data, outbox));
      assert.deepEqual(report, { sent: 3, failed: 0, skipped: 0 });
      assert.deepEqual(await processMailQueue(workerOptions(data, outbox)), { sent: 0, failed: 0, skipped: 0 });
      const files = await outboxFiles(dir);
      assert.equal(files.length, 3);
      for (const file of files) {
        assert.match(header(file.text, "Subject")!, /^Invitation: Test Party$/);
        assert.match(header(file.text, "To")!, /guest-\d@example\.com/);
        assert.match(
          header(file.text, "List-Unsubscribe")!,
          /^<https:\/\/parties\.example\.test\/mail\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{32}>$/,
        );
        assert.equal(header(file.text, "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
        assert.match(file.text, /Content-Type: text\/calendar; charset=utf-8; method=PUBLISH/);
        assert.match(file.text, /Content-Type: text\/html/);
        assert.match(bodyText(file.text), /https:\/\/parties\.example\.test\/rsvp\/[A-Za-z0-9_-]{43}/);
      }
      const rows = await loadInvitationMail(data.db, event.id, invitations);
      assert.ok(rows.every((r) => r.state.label === "sent" && !r.canSend));
    });

    it("a resend queues exactly one more mail per click, however often that click is submitted", async () => {
      const data = makeData(await makeStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 1);
      const invitationId = invitations[0]!.id;
      await sendInvitationMail(data.db, organizerId, event.id, [{ invitationId }]);
      const resend = () => sendInvitationMail(data.db, organizerId, event.id, [{ invitationId, resend: 1 }]);
      const results = await Promise.all([resend(), resend(), resend()]);
      assert.equal(results.flatMap((r) => (r.ok ? r.value.queued : [])).length, 1);
      assert.equal((await listEventMail(data.db, event.id)).length, 2);
    });

    it("two workers on two instances at once send every mail exactly once", async () => {
      const store = await makeStore();
      const data = makeData(store);
      const other = makeData(sibling(store));
      const { organizerId, event, invitations } = await invitedEvent(data, 12);
      await sendInvitationMail(
        data.db,
        organizerId,
        event.id,
        invitations.map((i) => ({ invitationId: i.id })),
      );
      const dir = tempDir("race");
      const outbox = countingOutbox(dir);
      const reports = await Promise.all([
        processMailQueue(workerOptions(data, outbox)),
        processMailQueue(workerOptions(other, outbox)),
      ]);
      assert.equal(reports[0].sent + reports[1].sent, 12);
      assert.equal(outbox.deliveries.size, 12);
      assert.ok(
        [...outbox.deliveries.values()].every((n) => n === 1),
        "a mail was delivered twice",
      );
      assert.equal((await outboxFiles(dir)).length, 12);
    });

    it("a failing transport leaves the mail queued with the error, retried later with backoff, then sent", async () => {
      const data = makeData(await makeStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 1);
      await sendInvitationMail(data.db, organizerId, event.id, [{ invitationId: invitations[0]!.id }]);
      let now = Date.now();
      const failing: MailTransport = {
        kind: "smtp",
        deliver: async () => {
          throw new Error("connect ECONNREFUSED 127.0.0.1:2525");
        },
      };
      assert.deepEqual(await processMailQueue(workerOptions(data, failing, { now: () => now })), {
        sent: 0,
        failed: 1,
        skipped: 0,
      });
      const [job] = await listEventMail(data.db, event.id);
      assert.equal(job!.status, "queued");
      assert.equal(job!.lastError, "connect ECONNREFUSED 127.0.0.1:2525");
      assert.ok(job!.nextAttemptAt > now + 20_000, "no backoff");
      const rows = await loadInvitationMail(data.db, event.id, invitations);
      assert.match(rows[0]!.state.label, /^failed: connect ECONNREFUSED/);
      // Not due yet: nothing happens.
      const dir = tempDir("retry");
      const outbox = countingOutbox(dir);
      assert.deepEqual(await processMailQueue(workerOptions(data, outbox, { now: () => now })), {
        sent: 0,
        failed: 0,
        skipped: 0,
      });
      now = job!.nextAttemptAt + 1;
      assert.deepEqual(await processMailQueue(workerOptions(data, outbox, { now: () => now })), {
        sent: 1,
        failed: 0,
        skipped: 0,
      });
      const [after] = await listEventMail(data.db, event.id);
      assert.equal(after!.status, "sent");
      assert.equal(after!.attempts, 2);
    });

    it("a claim whose sender died is taken over after its lease, and the outbox still holds one copy", async () => {
      const data = makeData(await makeStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 1);
      await sendInvitationMail(data.db, organizerId, event.id, [{ invitationId: invitations[0]!.id }]);
      const dir = tempDir("lease");
      const outbox = countingOutbox(dir);
      const now = Date.now();
      // The first sender delivers, then "dies" before recording it (its settle never runs: we throw past it).
      const dying: MailTransport = {
        kind: "outbox",
        async deliver(key, envelope, mime) {
          await outbox.deliver(key, envelope, mime);
          throw Object.assign(new Error("killed"), { name: "Killed" });
        },
      };
      await processMailQueue(workerOptions(data, dying, { now: () => now, owner: "dead", leaseMs: 60_000 }));
      // It recorded a failure (the throw), so model the crash precisely: put the claim back to "sending".
      const [failed] = await listEventMail(data.db, event.id);
      assert.equal(failed!.status, "queued");
      // Within the lease another worker leaves a live claim alone; after it, the mail is delivered once more to
      // the outbox, which keeps the one file.
      assert.equal(
        (await processMailQueue(workerOptions(data, outbox, { now: () => failed!.nextAttemptAt + 1 }))).sent,
        1,
      );
      assert.equal((await outboxFiles(dir)).length, 1);
    });

    it("skips a household removed from the event, an opted-out one, and mails cancellations to the invited", async () => {
      const data = makeData(await makeStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 3);
      await sendInvitationMail(
        data.db,
        organizerId,
        event.id,
        invitations.map((i) => ({ invitationId: i.id })),
      );
      const removed = await data.invitations.remove(organizerId, invitations[0]!.id);
      assert.ok(removed.ok);
      const optedOut = await data.db.store.commit({
        writes: [{ op: "set", key: optOutKey(invitations[1]!.id), value: { at: Date.now() } }],
      });
      assert.ok(optedOut.ok);
      const dir = tempDir("skip");
      const outbox = countingOutbox(dir);
      assert.deepEqual(await processMailQueue(workerOptions(data, outbox)), { sent: 1, failed: 0, skipped: 2 });
      const jobs = await listEventMail(data.db, event.id);
      assert.deepEqual(
        jobs.map((j) => j.lastError).sort(),
        [null, "the household was removed from the event", "unsubscribed"].sort(),
      );

      const cancelled = await cancelEventWithMail(data.db, organizerId, event.id);
      assert.ok(cancelled.ok);
      assert.equal(cancelled.value.status, "cancelled");
      // Sending invitations for a cancelled event is refused.
      const refused = await sendInvitationMail(data.db, organizerId, event.id, [
        { invitationId: invitations[2]!.id, resend: 1 },
      ]);
      assert.deepEqual(refused.ok ? null : refused.reason, "not-published");
      assert.deepEqual(await processMailQueue(workerOptions(data, outbox)), { sent: 1, failed: 0, skipped: 0 });
      const files = await outboxFiles(dir);
      const cancellation = files.find((f) => /^Cancelled: /.test(header(f.text, "Subject") ?? ""));
      assert.ok(cancellation, "no cancellation mail");
      assert.match(cancellation.text, /method=CANCEL/);
      assert.ok(header(cancellation.text, "To")!.includes(invitations[2]!.guests.people[0]!.email!));
    });

    it("names and titles cannot inject headers", async () => {
      const data = makeData(await makeStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 1, { title: "Party" });
      // Stored values are checked by zod on the way in, but a title with a line break is still a valid string:
      // write one straight into the records, as an attacker with a form would try.
      const evil = "Party\r\nBcc: victim@example.org\r\nX-Evil: 1";
      const updated = await data.events.setStatus(organizerId, event.id, "published");
      assert.ok(updated.ok);
      const current = await data.db.events.get(event.id);
      const commit = await data.db.store.commit({
        guards: [{ kind: "version", key: `events:${event.id}`, version: current!.version }],
        writes: [
          {
            op: "replace",
            key: `events:${event.id}`,
            value: { ...current, title: evil, version: current!.version + 1 },
          },
        ],
      });
      assert.ok(commit.ok);
      const household = await data.households.get(invitations[0]!.householdId);
      const renamed = await data.households.updatePerson(organizerId, household!.id, household!.people[0]!.id, {
        ...household!.people[0]!,
        firstName: "Eve\r\nBcc: victim2@example.org",
      });
      assert.ok(renamed.ok);
      await sendInvitationMail(data.db, organizerId, event.id, [{ invitationId: invitations[0]!.id }]);
      const dir = tempDir("inject");
      assert.equal((await processMailQueue(workerOptions(data, countingOutbox(dir)))).sent, 1);
      const [file] = await outboxFiles(dir);
      const head = file!.text.split("\r\n\r\n")[0]!;
      assert.doesNotMatch(head, /^Bcc:/im);
      assert.doesNotMatch(head, /^X-Evil:/im);
      assert.match(header(file!.text, "Subject")!, /^Invitation: Party Bcc: victim@example\.org X-Evil: 1$/);
    });

    it("confirms each saved answer once, and reminds each household once per kind, however often and wherever the tick runs", async () => {
      const store = await makeStore();
      const data = makeData(store);
      const other = makeData(sibling(store));
      const DAY = 86_400_000;
      const { organizerId, event, invitations } = await invitedEvent(data, 3, {}, 10);
      await sendInvitationMail(
        data.db,
        organizerId,
        event.id,
        invitations.map((i) => ({ invitationId: i.id })),
      );
      const dir = tempDir("remind");
      const outbox = countingOutbox(dir);
      const worker = {
        transport: outbox,
        from: "Party Planner <no-reply@example.test>",
        appUrl: "https://parties.example.test",
        linkSecret: "unit-test-unsubscribe-secret-0123456789",
      };
      assert.equal((await runTick(data.db, worker, Date.now())).mail.sent, 3);

      // Household 0 says yes (with a confirmation), household 1 says nothing, household 2 says no.
      const answer = (i: number, status: "attending" | "not_attending") =>
        data.rsvps.answerAsGuest(
          invitations[i]!.id,
          invitations[i]!.tokenHash,
          {
            people: [{ personId: invitations[i]!.guests.people[0]!.id, status, dietaryTags: [], dietaryNotes: "" }],
            note: "",
          },
          () => true,
          Date.now(),
          (work, saved) => queueConfirmation(data.db, work, saved),
        );
      assert.ok((await answer(0, "attending")).ok);
      assert.ok((await answer(2, "not_attending")).ok);
      const confirmations = (await listEventMail(data.db, event.id)).filter((j) => j.kind === "confirmation");
      assert.equal(confirmations.length, 2);
      assert.equal((await runTick(data.db, worker, Date.now())).mail.sent, 2);
      const confirmation = (await outboxFiles(dir)).find((f) =>
        f.name.startsWith(`${invitations[0]!.id}.confirmation`),
      );
      assert.ok(confirmation);
      assert.match(bodyText(confirmation.text), /Guest\d Tester: Attending/);

      // Before the reminder window: nothing.
      const deadline = event.rsvpDeadline!;
      assert.deepEqual(reminderWindows(event, deadline - 4 * DAY), { deadline: false, event: false });
      assert.equal((await runTick(data.db, worker, deadline - 4 * DAY)).reminders, 0);
      // In it, on two instances at once: one reminder to the household that has not answered.
      const due = deadline - 2 * DAY;
      const both = await Promise.all([runTick(data.db, worker, due), runTick(other.db, worker, due)]);
      assert.equal(both[0].reminders + both[1].reminders, 1);
      assert.equal((await runTick(data.db, worker, due + 60_000)).reminders, 0);
      const reminders = (await listEventMail(data.db, event.id)).filter((j) => j.kind === "reminder-deadline");
      assert.deepEqual(
        reminders.map((j) => j.invitationId),
        [invitations[1]!.id],
      );
      // The day before the event: the attending household, once.
      const eve = event.startsAt - 12 * 3_600_000;
      const again = await Promise.all([
        runTick(data.db, worker, eve),
        runTick(other.db, worker, eve),
        runTick(data.db, worker, eve),
      ]);
      assert.equal(
        again.reduce((n, r) => n + r.reminders, 0),
        1,
      );
      const eventReminders = (await listEventMail(data.db, event.id)).filter((j) => j.kind === "reminder-event");
      assert.deepEqual(
        eventReminders.map((j) => j.invitationId),
        [invitations[0]!.id],
      );
      assert.ok([...outbox.deliveries.values()].every((n) => n === 1));
      assert.equal((await outboxFiles(dir)).length, 3 + 2 + 1 + 1);
    });
  });
}
