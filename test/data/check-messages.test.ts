import assert from "node:assert/strict";
import { test } from "node:test";
import { checkData, isClean, type Problem } from "../../lib/data/check";
import { ensureDataVersion } from "../../lib/data/data-version";
import { announcementInputSchema, commentInputSchema } from "../../lib/data/messages";
import { sendInvitationMail } from "../../lib/mail/invitations";
import { optOut } from "../../lib/mail/unsubscribe";
import { openInvitation } from "../../lib/party/guest";
import { postAnnouncement, postComment } from "../../lib/party/messages";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { invitedEvent } from "../mail/support";
import { makeData } from "../party/support";

async function check(store: Parameters<typeof checkData>[0], repair = false) {
  const problems: Problem[] = [];
  const result = await checkData(store, { repair, onProblem: (p) => problems.push(p) });
  return { result, problems };
}

test("the data check reports mail records, announcements and comments whose event is gone, and repair removes them", async () => {
  const store = createMemoryStore();
  await ensureDataVersion(store, { log: () => {} });
  const data = makeData(store);
  const { organizerId, event, invitations } = await invitedEvent(data, 2);
  await sendInvitationMail(data.db, organizerId, event.id, [{ invitationId: invitations[0]!.id }]);
  await optOut(data.db, invitations[1]!.id);
  await postAnnouncement(data, organizerId, event.id, { body: "News", audience: ["undecided"] });
  const ctx = (await openInvitation(data, data.invitations.tokenOf(invitations[0]!)!))!;
  assert.ok((await postComment(data, ctx, { body: "Hello" })).ok);
  assert.ok(isClean((await check(store)).result), "clean before the damage");

  // Plant orphans: the event record goes on its own, as code that forgot the mail records would leave it.
  await store.commit({ writes: [{ op: "remove", key: `events:${event.id}` }] });
  const { result, problems } = await check(store);
  assert.equal(isClean(result), false);
  const orphans = new Set(problems.filter((p) => p.kind === "orphan").map((p) => p.key.split(":")[0]));
  for (const namespace of ["mail-jobs", "mail-optouts", "announcements", "comments"])
    assert.ok(orphans.has(namespace), `an orphan in ${namespace} is reported: ${JSON.stringify(problems)}`);

  await check(store, true);
  const after = await check(store);
  assert.deepEqual(
    after.problems.filter((p) => /^(mail-jobs|mail-optouts|announcements|comments):/.test(p.key)),
    [],
  );
});

test("announcement and comment input: trimmed, required, limited, text kept as typed", () => {
  const ok = announcementInputSchema.safeParse({ body: "  Line 1\r\nLine <b>2</b>  ", audience: ["attending"] });
  assert.ok(ok.success);
  assert.equal(ok.data.body, "Line 1\nLine <b>2</b>");
  const long = announcementInputSchema.safeParse({ body: "x".repeat(2001), audience: [] });
  assert.equal(long.success, false);
  assert.match(long.error.issues[0]!.message, /2,000 characters or fewer/);
  assert.equal(announcementInputSchema.safeParse({ body: "x".repeat(2000), audience: [] }).success, true);
  const empty = announcementInputSchema.safeParse({ body: "   ", audience: [] });
  assert.match(empty.error!.issues[0]!.message, /Write the announcement first/);
  assert.equal(announcementInputSchema.safeParse({ body: "x", audience: ["everyone"] }).success, false);
  assert.equal(commentInputSchema.safeParse({ body: "y".repeat(501) }).success, false);
  const script = commentInputSchema.safeParse({ body: "<script>alert(1)</script>" });
  assert.ok(script.success);
  assert.equal(script.data.body, "<script>alert(1)</script>");
});
