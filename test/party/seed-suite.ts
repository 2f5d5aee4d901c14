import { loadInvitedTo } from "../../lib/party/invited-to";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { verifyPassword } from "../../lib/auth/password";
import { DEMO_PASSWORD, seedDemoData } from "../../scripts/demo-data";
import { createLinkVault } from "../../lib/data/link-vault";
import { loadDashboard, loadEventOverview } from "../../lib/party/overview";
import type { AppStore } from "../../lib/storage/types";
import { makeData, snapshotOrganizer, TEST_VAULT_SECRET } from "./support";

const DAY = 86_400_000;

/** The demo seed's cases on one kind of store (memory and fs here, Redis in its own runner). */
export function defineSeedSuite(label: string, makeStore: () => AppStore | Promise<AppStore>): void {
  describe(`the demo seed on ${label}`, () => {
    it("brings the dashboard to life, and a second run duplicates nothing", async () => {
      const store = await makeStore();
      const linkVault = createLinkVault([TEST_VAULT_SECRET]);
      const now = Date.now();
      const first = await seedDemoData(store, { linkVault, now });
      assert.deepEqual(first.created, ["john.smith@example.com", "jane.smith@example.com"]);
      assert.equal(first.parties.length, 2);

      const data = makeData(store);
      const john = (await data.organizers.findByEmail("john.smith@example.com"))!;
      const jane = (await data.organizers.findByEmail("jane.smith@example.com"))!;
      assert.ok(await verifyPassword(DEMO_PASSWORD, jane.passwordHash));
      // Issue 18: the demo addresses receive no mail, so the demo organizers start verified, and Jane (a guest
      // in John's "The Smith Family") sees his parties under "Events I'm invited to".
      assert.ok(john.emailVerifiedAt !== null && jane.emailVerifiedAt !== null);
      const invitedTo = await loadInvitedTo(data, jane, now);
      assert.ok(invitedTo.some((card) => card.hostName === "John Smith" && card.eventTitle === "Annual Holiday Party"));

      const dashboard = await loadDashboard(data, john.id, now);
      assert.deepEqual(
        dashboard.upcoming.map((c) => c.event.title),
        ["Cookie Decorating Afternoon", "Annual Holiday Party"],
      );
      assert.deepEqual(
        dashboard.past.map((c) => c.event.title),
        ["Winter Solstice Dinner"],
      );
      const annual = dashboard.upcoming[1]!.event;
      assert.equal(annual.locationName, "Community Center");
      assert.ok(Math.abs(annual.startsAt - (now + 30 * DAY)) < 1.5 * DAY, "30 days out");
      assert.ok(Math.abs(annual.startsAt - annual.rsvpDeadline! - 10 * DAY) < 2 * 3_600_000, "deadline 10 days before");

      const overview = await loadEventOverview(data, annual);
      const names = overview.households.map((h) => h.household.name);
      for (const name of ["The Smith Family", "The Johnson Family", "The Williams Household"])
        assert.ok(names.includes(name), name);
      assert.ok(names.length >= 8);
      const smiths = overview.households.find((h) => h.household.name === "The Smith Family")!;
      assert.equal(smiths.household.address, "123 Main St");
      assert.deepEqual(
        smiths.people.map((p) => [p.person.firstName, p.person.ageGroup]),
        [
          ["John", "adult"],
          ["Jane", "adult"],
          ["Timmy", "child"],
        ],
      );
      assert.ok(
        overview.counts.attending > 0 &&
          overview.counts.maybe > 0 &&
          overview.counts.notAttending > 0 &&
          overview.counts.noReply > 0,
      );
      assert.ok(overview.dietary.tags.length > 0);
      assert.ok(overview.potluck.some((p) => p.claims.length > 0));
      assert.ok(
        overview.potluck.some((p) => p.addedBy !== null),
        "a guest's own dish",
      );
      assert.ok(overview.households.some((h) => h.people.some((p) => p.response?.setByHost)));
      // The seeded links open with the vault they were sealed with.
      const token = data.invitations.tokenOf(smiths.invitation);
      assert.ok(token);

      const janeDashboard = await loadDashboard(data, jane.id, now);
      assert.deepEqual(
        janeDashboard.upcoming.map((c) => c.event.title),
        ["Neighborhood Ornament Exchange"],
      );

      const before = [await snapshotOrganizer(data, john.id), await snapshotOrganizer(data, jane.id)];
      const second = await seedDemoData(store, { linkVault, now: now + DAY });
      assert.deepEqual(second, {
        created: [],
        existing: ["john.smith@example.com", "jane.smith@example.com"],
        parties: [],
      });
      assert.deepEqual([await snapshotOrganizer(data, john.id), await snapshotOrganizer(data, jane.id)], before);

      // A run interrupted before its mark is finished by the next one, still without duplicates.
      await store.remove(`seed-marks:${john.id}`);
      const resumed = await seedDemoData(store, { linkVault, now: now + 2 * DAY });
      assert.equal(resumed.parties.length, 1);
      assert.equal(await snapshotOrganizer(data, john.id), before[0]);
      await store.close();
    });

    it("leaves what the organizer changed alone", async () => {
      const store = await makeStore();
      const linkVault = createLinkVault([TEST_VAULT_SECRET]);
      await seedDemoData(store, { linkVault });
      const data = makeData(store);
      const john = (await data.organizers.findByEmail("john.smith@example.com"))!;
      const [event] = await data.events.listForOrganizer(john.id);
      await data.events.remove(john.id, event!.id);
      await seedDemoData(store, { linkVault });
      assert.equal(
        (await data.events.listForOrganizer(john.id)).some((e) => e.id === event!.id || e.title === event!.title),
        false,
      );
      await store.close();
    });
  });
}
