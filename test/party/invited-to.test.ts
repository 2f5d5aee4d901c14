import assert from "node:assert/strict";
import { test } from "node:test";
import { countRoundTrips } from "../../bench/support/round-trips";
import { checkData } from "../../lib/data/check";
import { ensureDataVersion } from "../../lib/data/data-version";
import { emailHash, toPublicOrganizer } from "../../lib/data/organizers";
import { loadInvitedTo } from "../../lib/party/invited-to";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { eventInput, household, makeData, person } from "./support";

// Issue 18, item 3: an organizer whose VERIFIED address is a household's sees that household's invitations on
// the dashboard. The `email-invitations:<sha256>` index is derived from each invitation's copy of the household,
// so it follows every commit that changes that copy, and the data check verifies it.

const HASH = "$2b$04$abcdefghijklmnopqrstuu0123456789012345678901234567890";

async function setUp() {
  const counter = countRoundTrips(createMemoryStore());
  const data = makeData(counter.store);
  await ensureDataVersion(counter.store, { log: () => {} });
  const make = async (email: string, firstName: string) => {
    const created = await data.organizers.create({ email, firstName, lastName: "Smith", passwordHash: HASH });
    assert.ok(created.ok);
    return created.organizer;
  };
  const jane = await make("jane@example.com", "Jane");
  const john = await make("john@example.com", "John");
  const party = await data.events.create(jane.id, eventInput({ title: "Winter Potluck" }));
  const draft = await data.events.create(jane.id, eventInput({ title: "Draft Party", status: "draft" }));
  const home = await data.households.create(jane.id, household("The Smiths"), [
    person("John", { email: "JOHN@example.com".toLowerCase() }),
    person("Kid"),
  ]);
  assert.ok((await data.invitations.inviteMany(jane.id, party.id, [home.id])).ok);
  assert.ok((await data.invitations.inviteMany(jane.id, draft.id, [home.id])).ok);
  return { counter, data, jane, john, party, home };
}

const indexOf = async (data: ReturnType<typeof makeData>, email: string) =>
  (await data.db.store.setMembers(`email-invitations:${emailHash(email)}`)).sort();

test("only a verified address finds its invitations: published events only, with host, date and RSVP link", async () => {
  const { counter, data, john, party } = await setUp();
  assert.deepEqual(await loadInvitedTo(data, toPublicOrganizer(john)), [], "unverified: nothing");

  const verified = await data.organizers.markEmailVerified(john.id, john.email);
  assert.ok(verified?.emailVerifiedAt);
  const read = await counter.count(() => loadInvitedTo(data, toPublicOrganizer(verified)));
  assert.equal(read.value.length, 1, "the draft event is left out");
  const [card] = read.value;
  assert.equal(card!.hostName, "Jane Smith");
  assert.equal(card!.eventTitle, "Winter Potluck");
  assert.equal(card!.startsAt, party.startsAt);
  assert.match(card!.rsvpPath ?? "", /^\/rsvp\/[A-Za-z0-9_-]{43}$/);
  const token = card!.rsvpPath!.slice("/rsvp/".length);
  assert.equal((await data.invitations.findByToken(token))?.eventId, party.id, "the household's own link");
  assert.equal(read.roundTrips, 2, `calls: ${read.methods.join(", ")}`);

  // An email change clears verification: the old address's invitations are no longer shown.
  assert.ok((await data.organizers.changeEmail(john.id, "john.new@example.com")).ok);
  const moved = await data.organizers.findById(john.id);
  assert.deepEqual(await loadInvitedTo(data, toPublicOrganizer(moved!)), []);
});

test("a cancelled event drops out of the list", async () => {
  const { data, jane, john, party } = await setUp();
  const verified = await data.organizers.markEmailVerified(john.id, john.email);
  await data.events.update(jane.id, party.id, { ...eventInput({ title: "Winter Potluck", status: "cancelled" }) });
  assert.deepEqual(await loadInvitedTo(data, toPublicOrganizer(verified!)), []);
});

test("the email index follows address-book edits and revocations, and the data check verifies it", async () => {
  const { data, jane, john, home } = await setUp();
  const invitations = await data.invitations.listForHousehold(home.id);
  const ids = invitations.map((i) => i.id).sort();
  assert.deepEqual(await indexOf(data, john.email), ids);
  assert.deepEqual(await checkData(data.db.store).then((r) => r.problems), 0);

  // The address moves in the address book: the index moves in the same commit.
  const johnPerson = home.people.find((p) => p.firstName === "John")!;
  assert.ok(
    (
      await data.households.updatePerson(
        jane.id,
        home.id,
        johnPerson.id,
        person("John", { email: "other@example.com" }),
      )
    ).ok,
  );
  assert.deepEqual(await indexOf(data, john.email), []);
  assert.deepEqual(await indexOf(data, "other@example.com"), ids);

  // A revoked link reaches nobody.
  assert.ok((await data.invitations.revoke(jane.id, ids[0]!)).ok);
  assert.deepEqual(await indexOf(data, "other@example.com"), [ids[1]]);
  assert.equal((await checkData(data.db.store)).problems, 0);

  // What the check catches: a stray entry, and a missing one.
  await data.db.store.setAdd(`email-invitations:${emailHash(john.email)}`, ids[1]!);
  await data.db.store.setRemove(`email-invitations:${emailHash("other@example.com")}`, ids[1]!);
  const found: string[] = [];
  const checked = await checkData(data.db.store, { onProblem: (p) => found.push(p.kind) });
  assert.equal(checked.problems, 2, found.join(", "));
  assert.deepEqual(found.sort(), ["dangling-index-entry", "missing-index-entry"]);
  const repaired = await checkData(data.db.store, { repair: true });
  assert.equal(repaired.repaired, 2);
  assert.equal((await checkData(data.db.store)).problems, 0);
});
