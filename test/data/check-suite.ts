import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkData, type Problem } from "../../lib/data/check";
import { DATA_VERSION_KEY, ensureDataVersion } from "../../lib/data/data-version";
import { hashRsvpToken, pairValue } from "../../lib/data/invitations";
import { seedDemoData } from "../../scripts/demo-data";
import { createLinkVault } from "../../lib/data/link-vault";
import { claimAsGuest, openInvitation, saveGuestAnswers } from "../../lib/party/guest";
import type { AppStore } from "../../lib/storage/types";
import { eventInput, household, makeData, makeOrganizer, person, TEST_VAULT_SECRET } from "../party/support";

export type StoreFactory = () => AppStore | Promise<AppStore>;

/** Runs the check and collects what it says. */
export async function runCheck(store: AppStore, repair = false) {
  const problems: Problem[] = [];
  const repairs: string[] = [];
  const result = await checkData(store, {
    repair,
    onProblem: (p) => problems.push(p),
    onRepair: (r) => repairs.push(r),
  });
  return { ...result, problems, repairs, count: result.problems };
}

export async function assertClean(store: AppStore, context = ""): Promise<void> {
  const { problems } = await runCheck(store);
  assert.deepEqual(problems, [], `check is clean ${context}`);
}

/** `npm run data -- check` and `repair` on one kind of store. */
export function defineCheckSuite(label: string, makeStore: StoreFactory): void {
  describe(`the data check on ${label}`, () => {
    async function party(store: AppStore) {
      await ensureDataVersion(store, { log: () => {} });
      const data = makeData(store);
      const organizerId = await makeOrganizer(data);
      const event = await data.events.create(organizerId, eventInput({ capacity: "10" }));
      const homes = await Promise.all(
        ["A", "B", "C"].map((n) =>
          data.households.create(organizerId, household(`The ${n}s`), [
            person(`${n}1`),
            person(`${n}2`, { ageGroup: "child" }),
          ]),
        ),
      );
      const invited = await data.invitations.inviteMany(
        organizerId,
        event.id,
        homes.map((h) => h.id),
      );
      assert.ok(invited.ok);
      const invitations = invited.value.created;
      const ctx = (await openInvitation(data, data.invitations.tokenOf(invitations[0]!)!))!;
      await saveGuestAnswers(data, ctx, {
        people: ctx.household.people.map((p) => ({
          personId: p.id,
          status: "attending" as const,
          dietaryTags: [],
          dietaryNotes: "",
        })),
        note: "hi",
      });
      const pie = await data.potluck.createByHost(organizerId, event.id, {
        name: "Pie",
        category: "dessert",
        quantity: 3,
        notes: "",
      });
      await claimAsGuest(data, ctx, pie.id, 2);
      await data.potluck.addByGuest(organizerId, event.id, homes[1]!.id, {
        name: "Salad",
        category: "salad",
        quantity: 1,
        notes: "",
      });
      return { data, organizerId, event, homes, invitations, pie };
    }

    it("finds nothing wrong in data written by the app (seed, answers, claims, cascades)", async () => {
      const store = await makeStore();
      await seedDemoData(store, { linkVault: createLinkVault([TEST_VAULT_SECRET]) });
      const { data, organizerId, homes, invitations } = await party(store);
      await data.invitations.remove(organizerId, invitations[2]!.id);
      await data.households.removePerson(organizerId, homes[0]!.id, homes[0]!.people[1]!.id);
      await data.households.addPerson(organizerId, homes[1]!.id, person("B3"));
      await assertClean(store);
      await store.close();
    });

    it("reports every kind of damage, repairs what is safe, and leaves the rest for a person", async () => {
      const store = await makeStore();
      const { data, organizerId, event, homes, invitations, pie } = await party(store);
      const [first, second] = invitations;
      // 1. A dangling index entry, and a record missing from its index.
      await store.setAdd(`event-invitations:${event.id}`, "GhostInvitation1");
      await store.setRemove(`organizer-households:${organizerId}`, homes[2]!.id);
      // 2. Counts that disagree with the records.
      const summary = (await store.get(`event-summaries:${event.id}`)) as Record<string, number>;
      await store.set(`event-summaries:${event.id}`, { ...summary, attending: summary.attending! + 7 });
      // 3. A link pointer gone, and one naming nothing.
      await store.remove(`invitation-tokens:${second!.tokenHash}`);
      await store.set(`invitation-tokens:${hashRsvpToken("x".repeat(43))}`, { invitationId: "NoSuchInvitation" });
      // 4. An invitation removed on its own (as the old, non-atomic code could): its response is an orphan,
      //    its pair and token pointers dangle, its index entries dangle.
      await store.remove(`invitations:${first!.id}`);
      // 5. Answers of someone not on the guest list, and a guest list out of step with the address book.
      const response = (await store.get(`responses:${second!.id}`)) as { answers: Record<string, unknown> };
      await store.set(`responses:${second!.id}`, {
        ...response,
        answers: {
          ...response.answers,
          StrangerPerson01: { status: "attending", dietaryTags: [], dietaryNotes: "", setByHost: false, updatedAt: 1 },
        },
      });
      const home = (await store.get(`households:${homes[2]!.id}`)) as { people: unknown[] };
      await store.set(`households:${homes[2]!.id}`, { ...home, name: "Renamed behind the app's back" });
      // 6. An item that fails its schema (more claimed than needed): reported, never "repaired".
      const item = (await store.get(`potluck-items:${pie.id}`)) as { claims: { quantity: number }[] };
      await store.set(`potluck-items:${pie.id}`, { ...item, claims: [{ ...item.claims[0]!, quantity: 9 }] });

      const found = await runCheck(store);
      const kinds = new Set(found.problems.map((p) => p.kind));
      for (const kind of [
        "dangling-index-entry",
        "missing-index-entry",
        "summary",
        "unique-key",
        "orphan",
        "answers",
        "guest-list",
        "schema",
      ] as const) {
        assert.ok(kinds.has(kind), `reports ${kind}: ${JSON.stringify(found.problems, null, 1)}`);
      }
      assert.ok(found.problems.some((p) => p.key === `responses:${first!.id}` && p.kind === "orphan"));
      assert.ok(found.problems.some((p) => p.key === `invitation-pairs:${pairValue(event.id, first!.householdId)}`));

      const repaired = await runCheck(store, true);
      assert.ok(repaired.repairs.length >= 8, repaired.repairs.join("\n"));
      const after = await runCheck(store);
      assert.deepEqual(
        after.problems.map((p) => [p.kind, p.key]),
        [["schema", `potluck-items:${pie.id}`]],
        "only the invalid item is left for a person",
      );
      // The repaired data works: the event's counts equal a recount, the household is findable again.
      assert.ok((await data.households.listForOrganizer(organizerId)).some((h) => h.id === homes[2]!.id));
      assert.equal(await data.invitations.findByToken("x".repeat(43)), null);
      await store.close();
    });

    it("reports two invitations for one household and event, and leaves the choice to a person", async () => {
      const store = await makeStore();
      const { organizerId, event, invitations } = await party(store);
      const original = (await store.get(`invitations:${invitations[0]!.id}`)) as Record<string, unknown>;
      const twin = { ...original, id: "TwinInvitation01", tokenHash: "f".repeat(64) };
      await store.commit({
        writes: [
          { op: "set", key: "invitations:TwinInvitation01", value: twin },
          {
            op: "set",
            key: "responses:TwinInvitation01",
            value: {
              ...((await store.get(`responses:${invitations[0]!.id}`)) as object),
              invitationId: "TwinInvitation01",
            },
          },
          { op: "setAdd", key: `event-invitations:${event.id}`, member: "TwinInvitation01" },
          { op: "setAdd", key: `household-invitations:${invitations[0]!.householdId}`, member: "TwinInvitation01" },
          { op: "set", key: `invitation-tokens:${"f".repeat(64)}`, value: { invitationId: "TwinInvitation01" } },
        ],
      });
      void organizerId;
      const found = await runCheck(store, true);
      assert.ok(
        found.problems.some((p) => p.kind === "unique-key" && /only one may hold it/.test(p.message)),
        JSON.stringify(found.problems),
      );
      assert.ok(
        (await runCheck(store)).problems.some((p) => p.kind === "unique-key"),
        "still reported after repair",
      );
      await store.close();
    });

    it("refuses to check data of another version, pointing to the migration", async () => {
      const store = await makeStore();
      await ensureDataVersion(store, { log: () => {} });
      await store.remove(DATA_VERSION_KEY);
      const found = await runCheck(store);
      assert.equal(found.problems[0]?.kind, "data-version");
      assert.match(found.problems[0].message, /npm run data -- migrate/);
      await store.close();
    });
  });
}
