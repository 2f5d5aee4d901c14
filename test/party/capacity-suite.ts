import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ensureDataVersion } from "../../lib/data/data-version";
import type { PartyData } from "../../lib/data/party";
import { openInvitation, saveGuestAnswers, type GuestContext } from "../../lib/party/guest";
import { setAnswerForGuest } from "../../lib/party/manage";
import { loadEventOverview } from "../../lib/party/overview";
import { waitlistOf } from "../../lib/party/summary";
import type { AppStore } from "../../lib/storage/types";
import { runCheck } from "../data/check-suite";
import { eventInput, household, makeData, makeOrganizer, person } from "./support";

export type StoreFactory = () => AppStore | Promise<AppStore>;

/**
 * An event's capacity (issue 15, item 5): places are given in the same commit as the answer, so however many
 * households answer at once, no more people hold a place than the capacity; the others wait on the waitlist,
 * and the host's promotions respect the capacity too. Runs on memory, fs and Redis (ioredis and Upstash).
 */
export function defineCapacitySuite(label: string, makeStore: StoreFactory): void {
  describe(`capacity and the waitlist on ${label}`, () => {
    let store: AppStore;
    let data: PartyData;

    beforeEach(async () => {
      store = await makeStore();
      await ensureDataVersion(store, { log: () => {} });
      data = makeData(store);
    });

    afterEach(async () => {
      await store.close();
    });

    /** An event of `capacity` places and households of the given sizes, each with its guest context. */
    async function party(capacity: number, sizes: number[]) {
      const organizerId = await makeOrganizer(data);
      const event = await data.events.create(organizerId, eventInput({ capacity: String(capacity) }));
      const guests: GuestContext[] = [];
      for (const [h, size] of sizes.entries()) {
        const home = await data.households.create(
          organizerId,
          household(`Household ${h}`),
          Array.from({ length: size }, (_, p) => person(`P${h}x${p}`)),
        );
        const { invitation } = await data.invitations.invite(organizerId, event.id, home.id);
        const ctx = await openInvitation(data, data.invitations.tokenOf(invitation)!);
        assert.ok(ctx);
        guests.push(ctx);
      }
      return { organizerId, event, guests };
    }

    const allAttending = (ctx: GuestContext, status: "attending" | "not_attending" = "attending") => ({
      people: ctx.household.people.map((p) => ({ personId: p.id, status, dietaryTags: [], dietaryNotes: "" })),
      note: "",
    });

    it("gives a household only the places left and puts the rest on the waitlist", async () => {
      const { event, guests } = await party(6, [8]);
      const saved = await saveGuestAnswers(data, guests[0]!, allAttending(guests[0]!));
      assert.deepEqual(saved, { ok: true, value: { saved: 8, waitlisted: 2 } });
      const overview = await loadEventOverview(data, event);
      assert.equal(overview.counts.attending, 6);
      assert.equal(overview.counts.waitlisted, 2);
      assert.equal(waitlistOf(overview.households).length, 2);
      const summary = await data.events.summaryOf(event.id);
      assert.equal(summary?.attending, 6);
      assert.equal(summary?.waitlisted, 2);
      // Saving again changes nothing: those with a place keep it, those waiting keep waiting.
      assert.deepEqual(await saveGuestAnswers(data, guests[0]!, allAttending(guests[0]!)), {
        ok: true,
        value: { saved: 8, waitlisted: 2 },
      });
      assert.equal((await runCheck(store)).count, 0);
    });

    it("never exceeds the capacity when many households answer at once", async () => {
      const { event, guests } = await party(
        10,
        Array.from({ length: 12 }, (_, i) => (i % 3) + 1),
      );
      const results = await Promise.all(guests.map((ctx) => saveGuestAnswers(data, ctx, allAttending(ctx))));
      assert.ok(
        results.every((r) => r.ok),
        "every answer is saved (with a place or on the waitlist)",
      );
      const people = guests.reduce((n, g) => n + g.household.people.length, 0);
      const waitlisted = results.reduce((n, r) => n + (r.ok ? r.value.waitlisted : 0), 0);
      assert.equal(people - waitlisted, 10, "exactly the capacity got a place");
      const summary = await data.events.summaryOf(event.id);
      assert.equal(summary?.attending, 10);
      assert.equal(summary?.waitlisted, people - 10);
      const check = await runCheck(store);
      assert.deepEqual(check.problems, [], "the stored counts agree with the answers, and the capacity holds");
    });

    it("lets the host promote from the waitlist only while there is a place, also when promoting at once", async () => {
      const { organizerId, event, guests } = await party(3, [3, 1, 1, 1]);
      for (const ctx of guests) assert.ok((await saveGuestAnswers(data, ctx, allAttending(ctx))).ok);
      const waiting = waitlistOf((await loadEventOverview(data, event)).households);
      assert.deepEqual(
        waiting.map((w) => w.household.name),
        ["Household 1", "Household 2", "Household 3"],
      );
      const first = waiting[0]!.id;
      const full = await data.rsvps.promote(organizerId, event.id, first);
      assert.equal(full.ok ? "promoted" : full.reason, "full");

      // Two of the first household's three can no longer come: two places free, three promotions at once.
      const ctx = guests[0]!;
      const answers = allAttending(ctx);
      answers.people[1]!.status = "not_attending";
      answers.people[2]!.status = "not_attending";
      assert.ok((await saveGuestAnswers(data, ctx, answers)).ok);
      const promoted = await Promise.all(waiting.map((w) => data.rsvps.promote(organizerId, event.id, w.id)));
      assert.equal(promoted.filter((r) => r.ok).length, 2);
      assert.deepEqual(
        promoted.filter((r) => !r.ok).map((r) => !r.ok && r.reason),
        ["full"],
      );
      const summary = await data.events.summaryOf(event.id);
      assert.equal(summary?.attending, 3);
      assert.equal(summary?.waitlisted, 1);
      assert.equal((await runCheck(store)).count, 0);

      // Another organizer cannot promote anyone.
      const other = await makeOrganizer(data);
      const last = waitlistOf((await loadEventOverview(data, event)).households)[0]!.id;
      const refused = await data.rsvps.promote(other, event.id, last);
      assert.equal(refused.ok ? "promoted" : refused.reason, "not-found");
    });

    it("puts the host's own 'attending' for a guest on the waitlist too when the party is full", async () => {
      const { organizerId, event, guests } = await party(1, [1, 1]);
      assert.ok((await saveGuestAnswers(data, guests[0]!, allAttending(guests[0]!))).ok);
      const second = guests[1]!.household.people[0]!.id;
      const set = await setAnswerForGuest(data, organizerId, event.id, second, "attending");
      assert.ok(set.ok);
      assert.equal(set.value?.status, "attending");
      assert.ok(set.value?.waitlistedAt !== undefined, "waitlisted");
      assert.equal((await data.events.summaryOf(event.id))?.attending, 1);
    });

    it("refuses a capacity below the places already given", async () => {
      const { organizerId, event, guests } = await party(10, [4]);
      assert.ok((await saveGuestAnswers(data, guests[0]!, allAttending(guests[0]!))).ok);
      const lower = await data.events.update(organizerId, event.id, eventInput({ capacity: "3" }));
      assert.equal(lower.ok ? "saved" : lower.reason, "capacity");
      assert.ok((await data.events.update(organizerId, event.id, eventInput({ capacity: "4" }))).ok);
    });

    it("is reported by the check when more people hold a place than the capacity", async () => {
      const { event, guests } = await party(2, [2]);
      assert.ok((await saveGuestAnswers(data, guests[0]!, allAttending(guests[0]!))).ok);
      // Behind the app's back: the capacity lowered without the guard.
      const raw = (await store.get(`events:${event.id}`)) as Record<string, unknown>;
      await store.set(`events:${event.id}`, { ...raw, capacity: 1 });
      const check = await runCheck(store);
      assert.deepEqual(
        check.problems.map((p) => p.kind),
        ["capacity"],
      );
    });
  });
}
