import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DATA_VERSION, ensureDataVersion, readDataVersion } from "../../lib/data/data-version";
import { createPartyData } from "../../lib/data/party";
import { createLinkVault } from "../../lib/data/link-vault";
import { openInvitation, saveGuestAnswers, loadGuestView } from "../../lib/party/guest";
import { loadDashboard, loadEventOverview } from "../../lib/party/overview";
import type { AppStore } from "../../lib/storage/types";
import { snapshotOrganizer } from "../party/support";
import { assertClean } from "./check-suite";
import { legacyCounts, legacyManifest } from "./legacy-fixture";

/** A store holding the legacy fixture (copied or loaded), made fresh for every test. */
export type LegacyStoreFactory = () => Promise<AppStore>;

const quiet = { log: () => {} };

/** A store whose commits fail (as a crash would stop them) from the nth one on. */
function failingAfter(store: AppStore, n: number): AppStore {
  let commits = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "commit") {
        return async (request: Parameters<AppStore["commit"]>[0]) => {
          commits += 1;
          if (commits >= n) throw new Error(`simulated crash before commit ${commits}`);
          return target.commit(request);
        };
      }
      if (prop === "withLock") return (name: string, fn: () => Promise<unknown>) => target.withLock(name, fn);
      return Reflect.get(target, prop, receiver);
    },
  });
}

export function defineMigrationSuite(label: string, makeLegacyStore: LegacyStoreFactory): void {
  describe(`migrating data written by the old code, on ${label}`, () => {
    const manifest = legacyManifest();
    const vault = createLinkVault([manifest.vaultSecret]);

    it("migrates once: logins, links, answers, notes, claims and counts survive, and the check is clean", async () => {
      const store = await makeLegacyStore();
      assert.equal(await readDataVersion(store), 0);
      const expected = legacyCounts(manifest.annualEventId);
      const lines: string[] = [];
      const first = await ensureDataVersion(store, { log: (l) => lines.push(l) });
      assert.equal(first.from, 0);
      assert.ok(
        first.report && first.report.events === 4 && first.report.organizers === 2,
        JSON.stringify(first.report),
      );
      assert.ok(
        lines.some((l) => /migrated party data from version 0 to 1/.test(l)),
        lines.join("\n"),
      );
      assert.equal(await readDataVersion(store), DATA_VERSION);
      await assertClean(store, "after the migration");

      const data = createPartyData(store, vault);
      const john = await data.organizers.findByEmail("john.smith@example.com");
      assert.equal(john?.id, manifest.organizers.john);
      assert.equal(john?.version, 1);

      // The dashboard's stored counts are those the old records give.
      const dashboard = await loadDashboard(data, manifest.organizers.john, Date.parse("2026-11-20T15:00:00Z"));
      const annual = dashboard.upcoming.find((c) => c.event.id === manifest.annualEventId);
      assert.ok(annual);
      assert.deepEqual(
        {
          households: annual.counts.households,
          invited: annual.counts.invited,
          attending: annual.counts.attending,
          maybe: annual.counts.maybe,
          notAttending: annual.counts.notAttending,
        },
        expected,
      );
      const overview = await loadEventOverview(data, annual.event);
      assert.equal(overview.counts.attending, expected.attending);

      // Every live link opens its household; the revoked one does not.
      for (const { household, token } of manifest.liveLinks) {
        const ctx = await openInvitation(data, token);
        assert.equal(ctx?.household.name, household, `link of ${household}`);
      }
      assert.equal((await data.invitations.get(manifest.revokedInvitationId))?.revokedAt !== null, true);
      // The Chens' answers, note, claim and own dish, written by the old code, are on their page.
      const chens = (await openInvitation(data, manifest.chenToken))!;
      const view = await loadGuestView(data, chens);
      assert.deepEqual(
        view.people.map((p) => p.response?.status),
        ["attending", "attending", "maybe"],
      );
      assert.equal(view.people[0]!.response?.dietaryNotes, "No cilantro please");
      assert.equal(view.note?.note, "We'll bring our board games.");
      assert.equal(view.potluck.find((p) => p.item.name === "Paper plates and napkins")?.mine, 1);
      assert.equal(view.potluck.find((p) => p.item.name === "Dumplings")?.addedByUs, true);
      // What the old code had removed stays removed.
      assert.equal(await data.rsvps.get(manifest.annualEventId, manifest.removedPersonId), null);
      assert.equal(await data.households.get(manifest.deletedHouseholdId), null);

      // The migrated data works with the new code: a guest answers, the organizer uninvites.
      const smith = manifest.liveLinks.find((l) => l.household === "The Smith Family")!;
      const ctx = (await openInvitation(data, smith.token))!;
      const saved = await saveGuestAnswers(
        data,
        ctx,
        {
          people: ctx.household.people.map((p) => ({
            personId: p.id,
            status: "not_attending" as const,
            dietaryTags: [],
            dietaryNotes: "",
          })),
          note: "",
        },
        Date.parse("2026-11-20T15:00:00Z"),
      );
      assert.ok(saved.ok);
      assert.ok((await data.invitations.remove(manifest.organizers.john, chens.invitation.id)).ok);
      await assertClean(store, "after using the migrated data");
      await store.close();
    });

    it("is idempotent: a second run (or a second instance) changes nothing", async () => {
      const store = await makeLegacyStore();
      await ensureDataVersion(store, quiet);
      const data = createPartyData(store, vault);
      const before = await snapshotOrganizer(data, manifest.organizers.john);
      const again = await ensureDataVersion(store, quiet);
      assert.equal(again.report, null);
      assert.equal(await snapshotOrganizer(data, manifest.organizers.john), before);
      await store.close();
    });

    it("two instances starting at once migrate it once", async () => {
      const store = await makeLegacyStore();
      const [a, b] = await Promise.all([ensureDataVersion(store, quiet), ensureDataVersion(store, quiet)]);
      assert.equal([a, b].filter((r) => r.report !== null).length, 1);
      await assertClean(store);
      await store.close();
    });

    it("finishes a migration that died half-way, with the same result", async () => {
      const reference = await makeLegacyStore();
      await ensureDataVersion(reference, quiet);
      const expected = await snapshotOrganizer(createPartyData(reference, vault), manifest.organizers.john);
      await reference.close();
      for (const n of [1, 3, 4, 6, 9]) {
        const store = await makeLegacyStore();
        await assert.rejects(ensureDataVersion(failingAfter(store, n), quiet), /simulated crash/);
        assert.equal(await readDataVersion(store), 0, "not marked migrated");
        await ensureDataVersion(store, quiet);
        await assertClean(store, `after a crash before commit ${n}`);
        assert.equal(
          await snapshotOrganizer(createPartyData(store, vault), manifest.organizers.john),
          expected,
          `crash before commit ${n}`,
        );
        await store.close();
      }
    });
  });
}
