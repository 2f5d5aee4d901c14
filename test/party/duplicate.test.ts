import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkData, isClean } from "../../lib/data/check";
import { ensureDataVersion } from "../../lib/data/data-version";
import { readEventFamily } from "../../lib/data/db";
import { loadEventOverview } from "../../lib/party/overview";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { eventInput, household, makeData, makeOrganizer, person } from "./support";

// Issue 15 item 14: "Host it again next year" copies the event, its potluck list and its guest list.

describe("duplicating a party", () => {
  it("copies the potluck list (without claims) and the guest list (fresh links, no answers) in one commit", async () => {
    const store = createMemoryStore();
    await ensureDataVersion(store, { log: () => {} });
    const data = makeData(store);
    const organizerId = await makeOrganizer(data);
    const source = await data.events.create(organizerId, eventInput({ title: "Holiday Party 2026" }, 30));
    const testers = await data.households.create(organizerId, household("The Testers"), [
      person("Ann"),
      person("Ben", { ageGroup: "child" }),
    ]);
    const chens = await data.households.create(organizerId, household("The Chens"), [person("Wei")]);
    const gone = await data.households.create(organizerId, household("The Movers"), [person("Max")]);
    for (const h of [testers, chens, gone]) await data.invitations.invite(organizerId, source.id, h.id);
    const pie = await data.potluck.createByHost(organizerId, source.id, {
      name: "Pie",
      category: "dessert",
      quantity: 2,
      notes: "apple",
    });
    assert.ok((await data.potluck.claim(source.id, testers.id, pie.id, 1)).ok);
    await data.rsvps.answerForGuest(organizerId, source.id, testers.people[0]!.id, "attending");
    assert.ok((await data.households.remove(organizerId, gone.id)).ok, "a household deleted since is left out");

    const result = await data.events.duplicate(
      organizerId,
      source.id,
      eventInput({ title: "Holiday Party 2027", status: "draft" }, 395),
    );
    assert.ok(result.ok);
    const copy = result.value.event;
    assert.equal(copy.title, "Holiday Party 2027");
    assert.equal(copy.status, "draft");
    assert.equal(result.value.invited, 2);

    const overview = await loadEventOverview(data, copy);
    assert.deepEqual(
      overview.households.map((h) => h.household.name),
      ["The Chens", "The Testers"],
    );
    assert.equal(overview.counts.attending, 0, "nobody's answers are copied");
    assert.equal(overview.counts.noReply, 3);
    assert.deepEqual(
      overview.potluck.map((v) => [v.item.name, v.item.quantity, v.item.notes, v.claims.length]),
      [["Pie", 2, "apple", 0]],
    );
    const family = await readEventFamily(data.db, copy.id);
    const sourceFamily = await readEventFamily(data.db, source.id);
    const oldTokens = new Set(sourceFamily!.invitations.map((i) => i.tokenHash));
    assert.ok(
      family!.invitations.every((i) => !oldTokens.has(i.tokenHash)),
      "every household gets a new link",
    );
    assert.deepEqual(
      {
        households: family!.summary.households,
        invited: family!.summary.invited,
        potluckItems: family!.summary.potluckItems,
      },
      { households: 2, invited: 3, potluckItems: 1 },
    );
    // The source is untouched, and the store is consistent (indexes, uniqueness, summaries).
    assert.equal((await loadEventOverview(data, source)).counts.attending, 1);
    const problems: unknown[] = [];
    const checked = await checkData(store, { onProblem: (p) => problems.push(p) });
    assert.deepEqual(problems, []);
    assert.ok(isClean(checked), "npm run data -- check finds nothing");
  });

  it("refuses another organizer's event, writing nothing", async () => {
    const store = createMemoryStore();
    const data = makeData(store);
    const owner = await makeOrganizer(data);
    const other = await makeOrganizer(data, "Oscar");
    const source = await data.events.create(owner, eventInput());
    const result = await data.events.duplicate(other, source.id, eventInput({ title: "Stolen" }));
    assert.deepEqual(result.ok, false);
    assert.equal((await data.events.listForOrganizer(other)).length, 0);
  });
});
