import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ensureDataVersion } from "../../lib/data/data-version";
import { EVENT_CHANGED_MESSAGE } from "../../lib/data/events";
import { GUEST_SUGGESTIONS_FULL_MESSAGE, MAX_GUEST_SUGGESTIONS } from "../../lib/data/potluck";
import { addGuestItem, claimAsGuest, openInvitation, removeGuestItem, saveGuestAnswers } from "../../lib/party/guest";
import { loadDashboard, loadEventOverview } from "../../lib/party/overview";
import type { AppStore } from "../../lib/storage/types";
import { eventInput, household, makeData, makeOrganizer, person } from "../party/support";
import { assertClean } from "./check-suite";

/** The data layer's rules that need a store to hold: on memory, fs, Redis and Upstash alike. */
export function defineRulesSuite(label: string, makeStore: () => AppStore | Promise<AppStore>): void {
  describe(`data rules on ${label}`, () => {
    async function guestOf(store: AppStore) {
      await ensureDataVersion(store, { log: () => {} });
      const data = makeData(store);
      const organizerId = await makeOrganizer(data);
      const event = await data.events.create(organizerId, eventInput());
      const home = await data.households.create(organizerId, household("The Busy Bees"), [person("Bea")]);
      const { invitation } = await data.invitations.invite(organizerId, event.id, home.id);
      const ctx = (await openInvitation(data, data.invitations.tokenOf(invitation)!))!;
      return { data, organizerId, event, home, ctx };
    }

    it(`lets a household add at most ${MAX_GUEST_SUGGESTIONS} dishes per event, even when 15 arrive at once`, async () => {
      const store = await makeStore();
      const { data, event, ctx } = await guestOf(store);
      const results = await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          addGuestItem(data, ctx, { name: `Dish ${i}`, category: "side", quantity: 1, notes: "" }),
        ),
      );
      assert.equal(results.filter((r) => r.ok).length, MAX_GUEST_SUGGESTIONS);
      const refused = results.filter((r) => !r.ok);
      assert.equal(refused.length, 5);
      for (const r of refused)
        assert.deepEqual(r, { ok: false, reason: "too-many", message: GUEST_SUGGESTIONS_FULL_MESSAGE });
      const items = await data.potluck.listForEvent(event.id);
      assert.equal(items.filter((i) => i.addedByHouseholdId === ctx.household.id).length, MAX_GUEST_SUGGESTIONS);
      assert.equal((await data.events.summaryOf(event.id))?.potluckItems, MAX_GUEST_SUGGESTIONS);
      // Removing one frees a place.
      assert.ok((await removeGuestItem(data, ctx, items[0]!.id)).ok);
      assert.ok((await addGuestItem(data, ctx, { name: "One more", category: "side", quantity: 1, notes: "" })).ok);
      await assertClean(store);
      await store.close();
    });

    it("refuses a stale edit of an event (two tabs), keeps the first, and saves again once the version is current", async () => {
      const store = await makeStore();
      await ensureDataVersion(store, { log: () => {} });
      const data = makeData(store);
      const organizerId = await makeOrganizer(data);
      const event = await data.events.create(organizerId, eventInput({ title: "Opened twice" }));
      const opened = event.version;
      const first = await data.events.update(organizerId, event.id, eventInput({ title: "Tab one" }), {
        expectedVersion: opened,
      });
      assert.ok(first.ok);
      assert.equal(first.value.version, opened + 1);
      const second = await data.events.update(organizerId, event.id, eventInput({ title: "Tab two" }), {
        expectedVersion: opened,
      });
      assert.deepEqual(second, { ok: false, reason: "conflict", message: EVENT_CHANGED_MESSAGE });
      assert.equal((await data.events.get(event.id))?.title, "Tab one");
      const again = await data.events.update(organizerId, event.id, eventInput({ title: "Tab two" }), {
        expectedVersion: first.value.version,
      });
      assert.ok(again.ok);
      assert.equal((await data.events.get(event.id))?.title, "Tab two");
      await store.close();
    });

    it("does not make an organizer's open edit form stale when guests answer or are invited", async () => {
      const store = await makeStore();
      const { data, organizerId, event, ctx } = await guestOf(store);
      const opened = (await data.events.get(event.id))!.version;
      await saveGuestAnswers(data, ctx, {
        people: [{ personId: ctx.household.people[0]!.id, status: "attending", dietaryTags: [], dietaryNotes: "" }],
        note: "",
      });
      const other = await data.households.create(organizerId, household("The Others"), [person("Otto")]);
      await data.invitations.invite(organizerId, event.id, other.id);
      assert.ok(
        (
          await data.events.update(organizerId, event.id, eventInput({ title: "Still fine" }), {
            expectedVersion: opened,
          })
        ).ok,
      );
      await store.close();
    });

    it("keeps the dashboard's stored counts equal to a recount through 60 concurrent mixed changes", async () => {
      const store = await makeStore();
      await ensureDataVersion(store, { log: () => {} });
      const data = makeData(store);
      const organizerId = await makeOrganizer(data);
      const event = await data.events.create(organizerId, eventInput({ capacity: "100" }));
      const homes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          data.households.create(organizerId, household(`H${i}`), [
            person(`A${i}`),
            person(`B${i}`, { ageGroup: "child" }),
          ]),
        ),
      );
      const invited = await data.invitations.inviteMany(
        organizerId,
        event.id,
        homes.slice(0, 6).map((h) => h.id),
      );
      assert.ok(invited.ok);
      const contexts = await Promise.all(
        invited.value.created.map(async (i) => (await openInvitation(data, data.invitations.tokenOf(i)!))!),
      );
      const pie = await data.potluck.createByHost(organizerId, event.id, {
        name: "Pie",
        category: "dessert",
        quantity: 4,
        notes: "",
      });
      const statuses = ["attending", "maybe", "not_attending"] as const;
      const ops: (() => Promise<unknown>)[] = [];
      for (let i = 0; i < 60; i++) {
        const ctx = contexts[i % contexts.length]!;
        const home = homes[i % homes.length]!;
        const pick = i % 6;
        if (pick === 0)
          ops.push(() =>
            saveGuestAnswers(data, ctx, {
              people: ctx.household.people.map((p, j) => ({
                personId: p.id,
                status: statuses[(i + j) % 3]!,
                dietaryTags: [],
                dietaryNotes: "",
              })),
              note: `n${i}`,
            }),
          );
        else if (pick === 1) ops.push(() => claimAsGuest(data, ctx, pie.id, (i % 3) + 1));
        else if (pick === 2) ops.push(() => data.households.addPerson(organizerId, home.id, person(`P${i}`)));
        else if (pick === 3)
          ops.push(() => data.invitations.inviteMany(organizerId, event.id, [homes[6 + (i % 2)]!.id]));
        else if (pick === 4)
          ops.push(() => addGuestItem(data, ctx, { name: `D${i}`, category: "side", quantity: 1, notes: "" }));
        else ops.push(() => data.events.setStatus(organizerId, event.id, "published"));
      }
      const results = await Promise.allSettled(ops.map((op) => op()));
      assert.deepEqual(
        results.filter((r) => r.status === "rejected").map((r) => String(r.reason)),
        [],
      );
      const overview = await loadEventOverview(data, event);
      const dashboard = await loadDashboard(data, organizerId);
      const card = dashboard.upcoming.find((c) => c.event.id === event.id)!;
      assert.deepEqual(card.counts, overview.counts, "stored counts equal the recount the event page makes");
      await assertClean(store);
      await store.close();
    });
  });
}
