import assert from "node:assert/strict";
import { test } from "node:test";
import { hash } from "bcryptjs";
import { countRoundTrips } from "../../bench/support/round-trips";
import { createOrganizerRepository, toPublicOrganizer } from "../../lib/data/organizers";
import { optOut } from "../../lib/mail/unsubscribe";
import {
  loadAddressBookPage,
  loadDashboardPage,
  loadEditEventPage,
  loadEventPage,
  loadSessionsPage,
  type SignedInReads,
} from "../../lib/party/page-data";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { eventInput, makeData, person } from "./support";

// Issue 19: the signed-in pages read everything they show in one store round trip (the session's comes on top,
// in proxy.ts), and the dashboard asks for a flash only when an action left one. Before, the dashboard read the
// organizer, then its events and the flash (a GETDEL on every view): two round trips and one command too many.

async function setUp() {
  const counter = countRoundTrips(createMemoryStore());
  const store = counter.store;
  const created = await createOrganizerRepository(store).create({
    email: "pages@example.com",
    firstName: "Page",
    lastName: "Reader",
    passwordHash: await hash("unused-password", 4),
  });
  assert.ok(created.ok);
  const organizerId = created.organizer.id;
  const data = makeData(store);
  const event = await data.events.create(organizerId, eventInput());
  const home = await data.households.create(organizerId, { name: "The Readers", address: "" }, [
    person("Ada"),
    person("Bo"),
  ]);
  const invited = await data.invitations.inviteMany(organizerId, event.id, [home.id]);
  assert.ok(invited.ok);
  await data.potluck.createByHost(organizerId, event.id, { name: "Pie", category: "dessert", quantity: 1, notes: "" });
  const takes: string[] = [];
  const organizers = createOrganizerRepository(store);
  const reads: SignedInReads = {
    data,
    findOrganizer: async (id) => {
      const found = await organizers.findById(id);
      return found ? toPublicOrganizer(found) : null;
    },
    takeFlash: async (sessionId) => {
      takes.push(sessionId);
      return (await store.take(`flash:${sessionId}`)) ? "Welcome" : null;
    },
  };
  // The household opted out of the event's mail: the event page's mail section shows it, from the same read.
  const [invitation] = await data.invitations.listForEvent(event.id);
  assert.equal(await optOut(data.db, invitation!.id), "done");
  return {
    counter,
    reads,
    takes,
    organizerId,
    eventId: event.id,
    invitationId: invitation!.id,
    session: { id: "a".repeat(64), organizerId },
  };
}

test("the dashboard's organizer, events and counts come in one round trip, with no flash look unless one is pending", async () => {
  const { counter, reads, takes, session } = await setUp();
  const quiet = await counter.count(() => loadDashboardPage(reads, session, { flashPending: false }));
  assert.equal(quiet.value?.organizer.firstName, "Page");
  assert.equal(quiet.value?.upcoming.length, 1);
  assert.equal(quiet.roundTrips, 1, `calls: ${quiet.methods.join(", ")}`);
  assert.ok(!quiet.methods.includes("take"), "no read-and-delete of a flash without its mark");
  assert.deepEqual(takes, []);

  const pending = await counter.count(() => loadDashboardPage(reads, session, { flashPending: true }));
  assert.equal(pending.roundTrips, 1, `calls: ${pending.methods.join(", ")}`);
  assert.deepEqual(takes, [session.id]);
});

test("the event page's organizer, event, guests, potluck and address book come in one round trip; another's event is not found", async () => {
  const { counter, reads, session, eventId, invitationId } = await setUp();
  const page = await counter.count(() => loadEventPage(reads, session, eventId));
  assert.equal(page.value.kind, "ok");
  if (page.value.kind !== "ok") return;
  assert.equal(page.value.overview.households.length, 1);
  assert.equal(page.value.overview.potluck.length, 1);
  assert.equal(page.value.addressBook.length, 1);
  assert.deepEqual([...page.value.mail.optedOut], [invitationId]);
  assert.equal(page.value.mail.settings.deadlineReminderDays, 3);
  assert.equal(page.roundTrips, 1, `calls: ${page.methods.join(", ")}`);

  const stranger = await createOrganizerRepository(counter.store).create({
    email: "other@example.com",
    firstName: "Other",
    lastName: "One",
    passwordHash: await hash("unused-password", 4),
  });
  assert.ok(stranger.ok);
  const foreign = await loadEventPage(reads, { id: "b".repeat(64), organizerId: stranger.organizer.id }, eventId);
  assert.equal(foreign.kind, "not-found");
  const gone = await loadEventPage(reads, { id: "c".repeat(64), organizerId: "no-such-organizer" }, eventId);
  assert.equal(gone.kind, "signed-out");
});

test("the edit page's organizer and event come in one round trip; another organizer's event is not found", async () => {
  const { counter, reads, session, eventId } = await setUp();
  const page = await counter.count(() => loadEditEventPage(reads, session, eventId));
  assert.equal(page.value.kind, "ok");
  assert.equal(page.roundTrips, 1, `calls: ${page.methods.join(", ")}`);
  const stranger = await createOrganizerRepository(counter.store).create({
    email: "edit-other@example.com",
    firstName: "Other",
    lastName: "One",
    passwordHash: await hash("unused-password", 4),
  });
  assert.ok(stranger.ok);
  const foreign = await loadEditEventPage(reads, { id: "b".repeat(64), organizerId: stranger.organizer.id }, eventId);
  assert.equal(foreign.kind, "not-found");
  const gone = await loadEditEventPage(reads, { id: "c".repeat(64), organizerId: "no-such-organizer" }, eventId);
  assert.equal(gone.kind, "signed-out");
});

test("the address book's organizer and households come in one round trip, the search applied", async () => {
  const { counter, reads, session } = await setUp();
  const all = await counter.count(() => loadAddressBookPage(reads, session, ""));
  assert.deepEqual(
    all.value?.households.map((h) => h.name),
    ["The Readers"],
  );
  assert.equal(all.roundTrips, 1, `calls: ${all.methods.join(", ")}`);
  const none = await loadAddressBookPage(reads, session, "nobody by that name");
  assert.deepEqual(none?.households, []);
  assert.equal(await loadAddressBookPage(reads, { id: "c".repeat(64), organizerId: "no-such-organizer" }, ""), null);
});

test("the sessions page asks for the organizer, a pending flash and the session list at once", async () => {
  const { counter, reads, takes, session } = await setUp();
  // A list that costs one round trip of its own: the page adds none on top (before, each waited for the last).
  const listSessions = async (organizerId: string) => [await counter.store.get(`sessions-of:${organizerId}`)];
  const page = await counter.count(() => loadSessionsPage(reads, session, { flashPending: true, listSessions }));
  assert.equal(page.value?.organizer.firstName, "Page");
  assert.equal(page.value?.sessions.length, 1);
  assert.equal(page.roundTrips, 1, `calls: ${page.methods.join(", ")}`);
  assert.deepEqual(takes, [session.id]);
});
