import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkData, type Problem } from "../../lib/data/check";
import { ensureDataVersion } from "../../lib/data/data-version";
import { COMMENTS_PER_HOUSEHOLD } from "../../lib/data/messages";
import { sendInvitationMail } from "../../lib/mail/invitations";
import { listEventMail, processMailQueue } from "../../lib/mail/queue";
import { saveMailSettings } from "../../lib/mail/settings";
import { optOut } from "../../lib/mail/unsubscribe";
import { openInvitation, saveGuestAnswers, type GuestContext } from "../../lib/party/guest";
import {
  deleteAnnouncement,
  deleteOwnComment,
  guestWallOf,
  postAnnouncement,
  postComment,
  readEventMessages,
  setCommentHidden,
} from "../../lib/party/messages";
import type { AppStore } from "../../lib/storage/types";
import type { PartyData } from "../../lib/data/party";
import { bodyText, countingOutbox, header, invitedEvent, outboxFiles, tempDir, workerOptions } from "../mail/support";
import { makeData, makeOrganizer } from "./support";

async function contextOf(data: PartyData, invitation: { id: string }): Promise<GuestContext> {
  const all = await data.invitations.listForEvent((await data.invitations.get(invitation.id))!.eventId);
  const found = all.find((i) => i.id === invitation.id)!;
  return (await openInvitation(data, data.invitations.tokenOf(found)!))!;
}

async function answer(data: PartyData, ctx: GuestContext, status: "attending" | "not_attending" | "maybe") {
  const saved = await saveGuestAnswers(data, ctx, {
    people: ctx.household.people.map((p) => ({ personId: p.id, status, dietaryTags: [], dietaryNotes: "" })),
    note: "",
  });
  assert.ok(saved.ok);
}

async function problemsOf(store: AppStore): Promise<Problem[]> {
  const problems: Problem[] = [];
  await checkData(store, { onProblem: (p) => problems.push(p) });
  return problems;
}

/** Announcements, the message wall and their cleanup on one kind of store. */
/**
 * `sibling(store)` gives a second store object over the same data (another process or instance), where the
 * store can; the memory store passes the store itself.
 */
export function defineMessagesSuite(
  name: string,
  makeStore: () => Promise<AppStore> | AppStore,
  sibling: (store: AppStore) => AppStore = (store) => store,
) {
  describe(`announcements and guest comments (${name})`, () => {
    it("an announcement is one commit with a mail per attending or undecided household, none for declined", async () => {
      const data = makeData(await makeStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 4);
      const [coming, declined, undecided, maybe] = await Promise.all(invitations.map((i) => contextOf(data, i)));
      await answer(data, coming!, "attending");
      await answer(data, declined!, "not_attending");
      await answer(data, maybe!, "maybe");
      const confirmations = (await listEventMail(data.db, event.id)).length;

      const posted = await postAnnouncement(data, organizerId, event.id, {
        body: "Parking moved to the back lot.\nBring a <b>torch</b>!",
        audience: ["attending", "undecided"],
      });
      assert.ok(posted.ok);
      assert.equal(posted.value.mailed, 2);
      const mails = (await listEventMail(data.db, event.id)).filter((j) => j.kind === "announcement");
      assert.deepEqual(
        mails.map((j) => j.invitationId).sort(),
        [coming!.invitation.id, undecided!.invitation.id].sort(),
      );
      assert.ok(mails.every((j) => j.key === `${j.invitationId}.announcement.${posted.value.announcement.id}`));
      assert.equal((await listEventMail(data.db, event.id)).length, confirmations + 2);

      // Every invited household sees it, newest first.
      await postAnnouncement(data, organizerId, event.id, { body: "Second news", audience: [] });
      const wall = guestWallOf(await readEventMessages(data.db, event.id), declined!.invitation.id);
      assert.deepEqual(
        wall.announcements.map((a) => a.body),
        ["Second news", "Parking moved to the back lot.\nBring a <b>torch</b>!"],
      );

      const dir = tempDir("announce");
      const outbox = countingOutbox(dir);
      await processMailQueue(workerOptions(data, outbox));
      const announcementMails = (await outboxFiles(dir)).filter((f) => /^News from/.test(header(f.text, "Subject")!));
      assert.equal(announcementMails.length, 2);
      for (const file of announcementMails) {
        assert.match(header(file.text, "List-Unsubscribe")!, /^<https:\/\/.*\/mail\/unsubscribe\//);
        const body = bodyText(file.text);
        assert.match(body, /Parking moved to the back lot\./);
        // The host's text is text in the HTML part too: escaped, never markup; its line break kept.
        const html = body.slice(body.indexOf("<!DOCTYPE"));
        assert.match(html, /back lot\.<\/span><span><br>Bring a &lt;b&gt;torch&lt;\/b&gt;!/);
        assert.doesNotMatch(html, /<b>torch<\/b>/);
      }
    });

    it("an opted-out household is not mailed, and a deleted announcement's unsent mail is skipped", async () => {
      const data = makeData(await makeStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 2);
      assert.equal(await optOut(data.db, invitations[0]!.id), "done");
      const posted = await postAnnouncement(data, organizerId, event.id, { body: "Hi", audience: ["undecided"] });
      assert.ok(posted.ok);
      assert.equal(posted.value.mailed, 1);
      assert.ok((await deleteAnnouncement(data, organizerId, posted.value.announcement.id)).ok);
      const report = await processMailQueue(workerOptions(data, countingOutbox(tempDir("deleted"))));
      assert.deepEqual(report, { sent: 0, failed: 0, skipped: 1 });
      assert.deepEqual((await readEventMessages(data.db, event.id)).announcements, []);
      // Another organizer cannot post on or delete from this event.
      const otherOrganizer = await makeOrganizer(data);
      assert.equal((await postAnnouncement(data, otherOrganizer, event.id, { body: "x", audience: [] })).ok, false);
    });

    it(`at most ${COMMENTS_PER_HOUSEHOLD} comments per household, however many are posted at once`, async () => {
      const store = await makeStore();
      const data = makeData(store);
      // Half of the posts go through a second instance over the same data.
      const instance2 = makeData(sibling(store));
      const { invitations } = await invitedEvent(data, 2);
      const ctx = await contextOf(data, invitations[0]!);
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) => postComment(i % 2 ? instance2 : data, ctx, { body: `comment ${i}` })),
      );
      const posted = results.filter((r) => r.ok);
      assert.equal(posted.length, COMMENTS_PER_HOUSEHOLD);
      assert.ok(results.every((r) => r.ok || r.reason === "too-many"));
      const messages = await readEventMessages(data.db, ctx.event.id);
      assert.equal(messages.comments.length, COMMENTS_PER_HOUSEHOLD);
      // Another household has its own slots.
      const other = await contextOf(data, invitations[1]!);
      assert.ok((await postComment(data, other, { body: "me too" })).ok);
      // Deleting one frees a slot for exactly one more.
      const mine = messages.comments[0]!;
      assert.equal((await deleteOwnComment(data, other, mine.id)).ok, false, "another household's comment");
      assert.ok((await deleteOwnComment(data, ctx, mine.id)).ok);
      const again = await Promise.all([
        postComment(data, ctx, { body: "again 1" }),
        postComment(data, ctx, { body: "again 2" }),
      ]);
      assert.equal(again.filter((r) => r.ok).length, 1);
    });

    it("a hidden comment disappears for guests, shows as hidden to the host, and can be shown again", async () => {
      const data = makeData(await makeStore());
      const { organizerId, event, invitations } = await invitedEvent(data, 2);
      const [writer, reader] = await Promise.all(invitations.map((i) => contextOf(data, i)));
      const posted = await postComment(data, writer!, { body: "<script>alert(1)</script> see you" });
      assert.ok(posted.ok);
      assert.equal(posted.value.authorName, writer!.household.name);
      let wall = guestWallOf(await readEventMessages(data.db, event.id), reader!.invitation.id);
      assert.deepEqual(
        wall.comments.map((c) => [c.body, c.mine]),
        [["<script>alert(1)</script> see you", false]],
      );
      const otherOrganizer = await makeOrganizer(data);
      assert.equal(
        (await setCommentHidden(data, otherOrganizer, posted.value.id, posted.value.createdAt, true)).ok,
        false,
      );
      assert.ok((await setCommentHidden(data, organizerId, posted.value.id, posted.value.createdAt, true)).ok);
      const messages = await readEventMessages(data.db, event.id);
      assert.equal(guestWallOf(messages, reader!.invitation.id).comments.length, 0);
      assert.notEqual(messages.comments[0]!.hiddenAt, null);
      assert.ok((await setCommentHidden(data, organizerId, posted.value.id, posted.value.createdAt, false)).ok);
      wall = guestWallOf(await readEventMessages(data.db, event.id), reader!.invitation.id);
      assert.equal(wall.comments.length, 1);
    });

    it("a household taken off the event, or deleted, takes its comments off the wall in the same commit", async () => {
      const store = await makeStore();
      await ensureDataVersion(store, { log: () => {} });
      const data = makeData(store);
      const { organizerId, event, householdIds, invitations } = await invitedEvent(data, 3);
      const [first, second, third] = await Promise.all(invitations.map((i) => contextOf(data, i)));
      assert.ok((await postComment(data, first!, { body: "from the first" })).ok);
      assert.ok((await postComment(data, second!, { body: "from the second" })).ok);
      assert.ok((await postComment(data, third!, { body: "from the third" })).ok);
      // A post racing the uninvite lands before it (and goes with it) or is refused: never left behind.
      const [uninvited] = await Promise.all([
        data.invitations.remove(organizerId, first!.invitation.id),
        postComment(data, first!, { body: "racing" }),
      ]);
      assert.ok(uninvited.ok);
      const householdOfSecond = householdIds.find((id) => id === second!.household.id)!;
      assert.ok((await data.households.remove(organizerId, householdOfSecond)).ok);
      const messages = await readEventMessages(data.db, event.id);
      assert.deepEqual(
        messages.comments.map((c) => c.body),
        ["from the third"],
      );
      assert.deepEqual(await problemsOf(store), []);
    });

    it("deleting an event removes its mail, opt-outs, settings, announcements and comments in its commit", async () => {
      const store = await makeStore();
      await ensureDataVersion(store, { log: () => {} });
      const data = makeData(store);
      const { organizerId, event, invitations } = await invitedEvent(data, 3);
      await sendInvitationMail(
        data.db,
        organizerId,
        event.id,
        invitations.map((i) => ({ invitationId: i.id })),
      );
      await optOut(data.db, invitations[2]!.id);
      await saveMailSettings(data.db, organizerId, event.id, { deadlineReminderDays: 5 });
      await postAnnouncement(data, organizerId, event.id, { body: "News", audience: ["undecided"] });
      await postComment(data, await contextOf(data, invitations[0]!), { body: "Hello" });
      assert.deepEqual(await problemsOf(store), []);

      // A comment racing the delete either lands before it (and goes with it) or is refused: never left behind.
      const racer = await contextOf(data, invitations[1]!);
      const [removed] = await Promise.all([
        data.events.remove(organizerId, event.id),
        postComment(data, racer, { body: "racing" }),
      ]);
      assert.ok(removed.ok);
      assert.deepEqual(await problemsOf(store), []);
      assert.deepEqual(await listEventMail(data.db, event.id), []);
      assert.deepEqual(await readEventMessages(data.db, event.id), { announcements: [], comments: [] });
      for (const key of [
        `mail-settings:${event.id}`,
        `mail-optouts:${invitations[2]!.id}`,
        `comments:${invitations[0]!.id}-c0`,
        `comments:${invitations[1]!.id}-c0`,
      ])
        assert.equal(await store.get(key), null, key);
      assert.deepEqual(await store.setMembers(`event-mail:${event.id}`), []);
      assert.deepEqual(await store.setMembers("mail-due:outgoing"), []);
    });
  });
}
