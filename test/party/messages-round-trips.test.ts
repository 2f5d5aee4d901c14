import assert from "node:assert/strict";
import { test } from "node:test";
import { hash } from "bcryptjs";
import { countRoundTrips } from "../../bench/support/round-trips";
import { createOrganizerRepository, toPublicOrganizer } from "../../lib/data/organizers";
import { loadGuestView, openInvitation } from "../../lib/party/guest";
import { postAnnouncement, postComment } from "../../lib/party/messages";
import { loadEventPage } from "../../lib/party/page-data";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { eventInput, makeData, person } from "./support";

// Announcements and comments come with the pages' existing reads: the event page stays one round trip, the
// RSVP page's view (after the link is opened) too.
test("the event page and the RSVP page read announcements and comments in the round trip they already make", async () => {
  const counter = countRoundTrips(createMemoryStore());
  const organizers = createOrganizerRepository(counter.store);
  const created = await organizers.create({
    email: "walls@example.com",
    firstName: "Wall",
    lastName: "Reader",
    passwordHash: await hash("unused-password", 4),
  });
  assert.ok(created.ok);
  const organizerId = created.organizer.id;
  const data = makeData(counter.store);
  const event = await data.events.create(organizerId, eventInput());
  const home = await data.households.create(organizerId, { name: "The Readers", address: "" }, [person("Ada")]);
  assert.ok((await data.invitations.inviteMany(organizerId, event.id, [home.id])).ok);
  const [invitation] = await data.invitations.listForEvent(event.id);
  const ctx = (await openInvitation(data, data.invitations.tokenOf(invitation!)!))!;
  assert.ok((await postAnnouncement(data, organizerId, event.id, { body: "News", audience: [] })).ok);
  assert.ok((await postComment(data, ctx, { body: "Hello" })).ok);

  const reads = {
    data,
    findOrganizer: async (id: string) => {
      const found = await organizers.findById(id);
      return found ? toPublicOrganizer(found) : null;
    },
    takeFlash: async () => null,
  };
  const page = await counter.count(() => loadEventPage(reads, { id: "a".repeat(64), organizerId }, event.id));
  assert.equal(page.value.kind, "ok");
  if (page.value.kind !== "ok") return;
  assert.deepEqual(
    page.value.messages.announcements.map((a) => a.body),
    ["News"],
  );
  assert.deepEqual(
    page.value.messages.comments.map((c) => c.body),
    ["Hello"],
  );
  assert.equal(page.roundTrips, 1, `calls: ${page.methods.join(", ")}`);

  const view = await counter.count(() => loadGuestView(data, ctx));
  assert.deepEqual(
    view.value.wall.announcements.map((a) => a.body),
    ["News"],
  );
  assert.deepEqual(
    view.value.wall.comments.map((c) => [c.body, c.mine]),
    [["Hello", true]],
  );
  assert.equal(view.roundTrips, 1, `calls: ${view.methods.join(", ")}`);
});
