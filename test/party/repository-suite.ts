import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { hashRsvpToken } from "../../lib/data/invitations";
import type { PartyData } from "../../lib/data/party";
import { potluckItemSchema } from "../../lib/data/potluck";
import {
  guestMode,
  openInvitation,
  saveGuestAnswers,
  claimAsGuest,
  addGuestItem,
  type GuestContext,
} from "../../lib/party/guest";
import {
  addPotluckItem,
  deleteEvent,
  deleteHousehold,
  inviteHouseholds,
  removePerson,
  setAnswerForGuest,
  uninvite,
} from "../../lib/party/manage";
import { loadDashboard, loadEventOverview } from "../../lib/party/overview";
import type { AppStore } from "../../lib/storage/types";
import { eventInput, household, makeData, makeOrganizer, person, snapshotOrganizer } from "./support";

export type StoreFactory = () => AppStore | Promise<AppStore>;

/**
 * The party repositories' behaviour on one kind of store. Runs against memory and fs here, and against a
 * real Redis from the Redis harness: every store must give the same answers, under concurrency too.
 */
export function definePartyRepositorySuite(label: string, makeStore: StoreFactory): void {
  describe(`party repositories on ${label}`, () => {
    let store: AppStore;
    let data: PartyData;

    beforeEach(async () => {
      store = await makeStore();
      data = makeData(store);
    });

    afterEach(async () => {
      await store.close();
    });

    /** An organizer with one published event and one invited household of the given people. */
    async function party(names = ["Ann", "Ben"], inDays = 30) {
      const organizerId = await makeOrganizer(data);
      const event = await data.events.create(organizerId, eventInput({}, inDays));
      const home = await data.households.create(
        organizerId,
        household("The Testers"),
        names.map((n) => person(n)),
      );
      const { invitation } = await data.invitations.invite(organizerId, event.id, home.id);
      const token = data.invitations.tokenOf(invitation);
      assert.ok(token, "the organizer can see the link");
      return { organizerId, event, home, invitation, token };
    }

    async function guest(token: string): Promise<GuestContext> {
      const ctx = await openInvitation(data, token);
      assert.ok(ctx, "the link opens the invitation");
      return ctx;
    }

    describe("events", () => {
      it("creates, reads, lists soonest first, updates and deletes an organizer's events", async () => {
        const organizerId = await makeOrganizer(data);
        const later = await data.events.create(organizerId, eventInput({ title: "Later" }, 40));
        const sooner = await data.events.create(organizerId, eventInput({ title: "Sooner" }, 10));
        assert.deepEqual(
          (await data.events.listForOrganizer(organizerId)).map((e) => e.title),
          ["Sooner", "Later"],
        );
        assert.equal((await data.events.get(later.id))?.title, "Later");

        const updated = await data.events.update(
          organizerId,
          later.id,
          eventInput({ title: "Renamed", capacity: "25" }, 40),
        );
        assert.ok(updated.ok);
        assert.equal(updated.value.title, "Renamed");
        assert.equal(updated.value.capacity, 25);
        assert.equal(updated.value.createdAt, later.createdAt);

        const cancelled = await data.events.setStatus(organizerId, sooner.id, "cancelled");
        assert.ok(cancelled.ok);
        assert.equal((await data.events.get(sooner.id))?.status, "cancelled");

        assert.ok((await data.events.remove(organizerId, sooner.id)).ok);
        assert.equal(await data.events.get(sooner.id), null);
        assert.deepEqual(
          (await data.events.listForOrganizer(organizerId)).map((e) => e.title),
          ["Renamed"],
        );
        // A late update of a deleted event does not bring it back.
        assert.deepEqual(await data.events.update(organizerId, sooner.id, eventInput()), {
          ok: false,
          reason: "not-found",
          message: undefined,
        });
        assert.equal(await data.events.get(sooner.id), null);
      });

      it("lists both of two events created by one organizer at the same moment", async () => {
        const organizerId = await makeOrganizer(data);
        const now = Date.now();
        const created = await Promise.all(
          ["First", "Second"].map((title) => data.events.create(organizerId, eventInput({ title }), now)),
        );
        const listed = await data.events.listForOrganizer(organizerId);
        assert.deepEqual(listed.map((e) => e.id).sort(), created.map((e) => e.id).sort());
        assert.notEqual(created[0]!.id, created[1]!.id);
      });

      it("keeps all of 25 events created at once", async () => {
        const organizerId = await makeOrganizer(data);
        await Promise.all(
          Array.from({ length: 25 }, (_, i) => data.events.create(organizerId, eventInput({ title: `Party ${i}` }))),
        );
        assert.equal((await data.events.listForOrganizer(organizerId)).length, 25);
      });

      it("gives ids of 96 random bits that differ every time", async () => {
        const organizerId = await makeOrganizer(data);
        const ids = new Set<string>();
        for (let i = 0; i < 20; i++) ids.add((await data.events.create(organizerId, eventInput())).id);
        assert.equal(ids.size, 20);
        for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{16}$/);
      });

      it("treats a record that fails validation as absent instead of crashing", async () => {
        const organizerId = await makeOrganizer(data);
        const event = await data.events.create(organizerId, eventInput());
        await store.set(`events:${event.id}`, { ...event, capacity: -4 });
        assert.equal(await data.events.get(event.id), null);
        assert.deepEqual(await data.events.listForOrganizer(organizerId), []);
      });
    });

    describe("households", () => {
      it("keeps an address book with people, searchable by household or person name", async () => {
        const organizerId = await makeOrganizer(data);
        const garcias = await data.households.create(organizerId, household("The Garcias", "22 Elm St"), [
          person("Carlos"),
          person("Sofia"),
        ]);
        await data.households.create(organizerId, household("The Chens"), [person("Wei")]);
        assert.deepEqual(
          (await data.households.listForOrganizer(organizerId)).map((h) => h.name),
          ["The Chens", "The Garcias"],
        );
        assert.deepEqual(
          (await data.households.listForOrganizer(organizerId, "sofia")).map((h) => h.name),
          ["The Garcias"],
        );
        assert.deepEqual(
          (await data.households.listForOrganizer(organizerId, "chen")).map((h) => h.name),
          ["The Chens"],
        );

        const added = await data.households.addPerson(organizerId, garcias.id, person("Mateo", { ageGroup: "child" }));
        assert.ok(added.ok);
        const mateo = added.value.person;
        const edited = await data.households.updatePerson(
          organizerId,
          garcias.id,
          mateo.id,
          person("Mateo", { ageGroup: "child", dietaryTags: ["vegan"] }),
        );
        assert.ok(edited.ok);
        assert.deepEqual(edited.value.people.find((p) => p.id === mateo.id)?.dietaryTags, ["vegan"]);
        const removed = await data.households.removePerson(organizerId, garcias.id, mateo.id);
        assert.ok(removed.ok);
        assert.deepEqual(
          removed.value.people.map((p) => p.firstName),
          ["Carlos", "Sofia"],
        );
      });

      it("keeps every one of 12 people added to one household at once", async () => {
        const organizerId = await makeOrganizer(data);
        const home = await data.households.create(organizerId, household("The Crowd"));
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) => data.households.addPerson(organizerId, home.id, person(`P${i}`))),
        );
        assert.ok(results.every((r) => r.ok));
        assert.equal((await data.households.get(home.id))?.people.length, 12);
      });
    });

    describe("invitations and RSVP links", () => {
      it("gives each invitation a 256-bit link stored only as a hash", async () => {
        const { invitation, token } = await party();
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        assert.equal(invitation.tokenHash, hashRsvpToken(token));
        const stored = JSON.stringify(await store.get(`invitations:${invitation.id}`));
        assert.ok(!stored.includes(token), "the raw token is not in the invitation record");
        assert.deepEqual(await store.get(`invitation-tokens:${hashRsvpToken(token)}`), { invitationId: invitation.id });
        assert.equal((await data.invitations.findByToken(token))?.id, invitation.id);
      });

      it("cannot show links sealed with a secret it does not have", async () => {
        const { invitation } = await party();
        assert.equal(
          makeData(store, ["some-other-secret-that-is-long-enough-0000"]).invitations.tokenOf(invitation),
          null,
        );
      });

      it("creates one invitation per household and event, even when invited twice at once", async () => {
        const organizerId = await makeOrganizer(data);
        const event = await data.events.create(organizerId, eventInput());
        const home = await data.households.create(organizerId, household("The Doubles"), [person("Dee")]);
        const results = await Promise.all([1, 2, 3].map(() => data.invitations.invite(organizerId, event.id, home.id)));
        assert.equal(results.filter((r) => r.created).length, 1);
        assert.equal(new Set(results.map((r) => r.invitation.id)).size, 1);
        assert.equal((await data.invitations.listForEvent(event.id)).length, 1);
      });

      it("revokes and regenerates links: the old link stops working at once", async () => {
        const { organizerId, invitation, token } = await party();
        assert.ok((await data.invitations.revoke(organizerId, invitation.id)).ok);
        assert.equal(await data.invitations.findByToken(token), null);
        assert.equal(await openInvitation(data, token), null);

        const regenerated = await data.invitations.regenerate(organizerId, invitation.id);
        assert.ok(regenerated.ok);
        const fresh = data.invitations.tokenOf(regenerated.value);
        assert.ok(fresh && fresh !== token);
        assert.equal(regenerated.value.revokedAt, null);
        assert.equal((await data.invitations.findByToken(fresh))?.id, invitation.id);
        assert.equal(await data.invitations.findByToken(token), null);
        assert.equal(await store.get(`invitation-tokens:${hashRsvpToken(token)}`), null);
      });

      it("rejects malformed, unknown and look-alike tokens", async () => {
        const { token } = await party();
        for (const bad of [
          "",
          "short",
          `${token}x`,
          token.slice(0, -1),
          `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`,
          "../../etc/passwd",
          `${"a".repeat(42)}:`,
        ]) {
          assert.equal(await openInvitation(data, bad), null, `token ${JSON.stringify(bad)}`);
        }
      });

      it("opens a draft only to say it is not open yet: no answer is taken", async () => {
        const { organizerId, event, token, home } = await party();
        await data.events.setStatus(organizerId, event.id, "draft");
        const draft = await openInvitation(data, token);
        assert.equal(draft && guestMode(draft.event), "draft");
        const answer = {
          people: [{ personId: home.people[0]!.id, status: "attending" as const, dietaryTags: [], dietaryNotes: "" }],
          note: "",
        };
        assert.deepEqual(await saveGuestAnswers(data, draft!, answer), {
          ok: false,
          reason: "closed",
          message: undefined,
        });
        assert.equal(await data.rsvps.get(event.id, home.people[0]!.id), null);
        await data.events.setStatus(organizerId, event.id, "cancelled");
        assert.equal((await openInvitation(data, token))?.event.status, "cancelled");
      });
    });

    describe("answers", () => {
      it("counts all of 100 guests answering the same event at once", async () => {
        const organizerId = await makeOrganizer(data);
        const event = await data.events.create(organizerId, eventInput({ capacity: "80" }));
        const guests = await Promise.all(
          Array.from({ length: 100 }, async (_, i) => {
            const home = await data.households.create(organizerId, household(`Household ${i}`), [
              person(`Guest${i}`, { ageGroup: i % 10 === 0 ? "child" : "adult" }),
            ]);
            const { invitation } = await data.invitations.invite(organizerId, event.id, home.id);
            return { i, ctx: await guest(data.invitations.tokenOf(invitation)!) };
          }),
        );
        const statusOf = (i: number): "attending" | "maybe" | "not_attending" =>
          i < 60 ? "attending" : i < 85 ? "maybe" : "not_attending";
        const results = await Promise.all(
          guests.map(({ i, ctx }) =>
            saveGuestAnswers(data, ctx, {
              people: [
                {
                  personId: ctx.household.people[0]!.id,
                  status: statusOf(i),
                  dietaryTags: i % 4 === 0 ? ["vegetarian"] : [],
                  dietaryNotes: "",
                },
              ],
              note: `note ${i}`,
            }),
          ),
        );
        assert.ok(results.every((r) => r.ok));
        const overview = await loadEventOverview(data, event);
        assert.deepEqual(
          { ...overview.counts },
          {
            households: 100,
            invited: 100,
            attending: 60,
            maybe: 25,
            notAttending: 15,
            noReply: 0,
            adultsAttending: 54,
            childrenAttending: 6,
            capacity: 80,
            waitlisted: 0,
            overCapacity: 0,
            plusOnesAttending: 0,
          },
        );
        assert.equal(overview.households.filter((h) => h.note?.note.startsWith("note ")).length, 100);
        const vegetarians = overview.dietary.tags.find((t) => t.tag === "vegetarian");
        // i % 4 === 0 among the 85 attending or maybe (0..84): 22 people.
        assert.equal(vegetarians?.people.length, 22);
      });

      it("lets a guest change answers until the deadline, then refuses", async () => {
        const { event, home, token, organizerId } = await party(["Ann"]);
        const ctx = await guest(token);
        const ann = home.people[0]!.id;
        const answer = (status: "attending" | "maybe") => ({
          people: [{ personId: ann, status, dietaryTags: [], dietaryNotes: "" }],
          note: "",
        });
        assert.ok((await saveGuestAnswers(data, ctx, answer("maybe"))).ok);
        assert.ok((await saveGuestAnswers(data, ctx, answer("attending"))).ok);
        assert.equal((await data.rsvps.get(event.id, ann))?.status, "attending");

        const afterDeadline = event.rsvpDeadline! + 1;
        assert.deepEqual(await saveGuestAnswers(data, ctx, answer("maybe"), afterDeadline), {
          ok: false,
          reason: "closed",
          message: undefined,
        });
        assert.equal((await data.rsvps.get(event.id, ann))?.status, "attending");

        await data.events.setStatus(organizerId, event.id, "cancelled");
        const cancelled = await guest(token);
        assert.equal((await saveGuestAnswers(data, cancelled, answer("maybe"))).ok, false);
      });

      it("lets the organizer answer for a guest, marked as set by host", async () => {
        const { organizerId, event, home } = await party(["Ann"]);
        const ann = home.people[0]!.id;
        const result = await setAnswerForGuest(data, organizerId, event.id, ann, "maybe");
        assert.ok(result.ok);
        assert.equal((await data.rsvps.get(event.id, ann))?.setByHost, true);
        assert.ok((await setAnswerForGuest(data, organizerId, event.id, ann, "no_reply")).ok);
        assert.equal(await data.rsvps.get(event.id, ann), null);
      });
    });

    describe("potluck", () => {
      it("gives the last unit to exactly one of two guests claiming it at once", async () => {
        const organizerId = await makeOrganizer(data);
        const event = await data.events.create(organizerId, eventInput());
        const contexts = await Promise.all(
          ["The Firsts", "The Seconds"].map(async (name) => {
            const home = await data.households.create(organizerId, household(name), [person(name)]);
            const { invitation } = await data.invitations.invite(organizerId, event.id, home.id);
            return guest(data.invitations.tokenOf(invitation)!);
          }),
        );
        const pie = await data.potluck.createByHost(organizerId, event.id, {
          name: "Pie",
          category: "dessert",
          quantity: 1,
          notes: "",
        });
        const results = await Promise.all(contexts.map((ctx) => claimAsGuest(data, ctx, pie.id, 1)));
        assert.equal(results.filter((r) => r.ok).length, 1);
        const refused = results.find((r) => !r.ok);
        assert.equal(refused && !refused.ok ? refused.reason : null, "over-claimed");
        const stored = await data.potluck.get(pie.id);
        assert.equal(stored?.claims.length, 1);
        assert.equal(stored?.claims[0]?.quantity, 1);
      });

      it("never hands out more units than needed when 12 households race for 5", async () => {
        const organizerId = await makeOrganizer(data);
        const event = await data.events.create(organizerId, eventInput());
        const cider = await data.potluck.createByHost(organizerId, event.id, {
          name: "Cider",
          category: "drinks",
          quantity: 5,
          notes: "",
        });
        const homes = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            data.households.create(organizerId, household(`H${i}`), [person(`P${i}`)]),
          ),
        );
        const results = await Promise.all(homes.map((h) => data.potluck.claim(event.id, h.id, cider.id, 1)));
        assert.equal(results.filter((r) => r.ok).length, 5);
        const stored = await data.potluck.get(cider.id);
        assert.equal(
          stored?.claims.reduce((s, c) => s + c.quantity, 0),
          5,
        );
        assert.ok(potluckItemSchema.safeParse(stored).success);
      });

      it("lets a household change and withdraw its claim, and add its own dish", async () => {
        const { organizerId, event, token } = await party(["Ann"]);
        const ctx = await guest(token);
        const pie = await data.potluck.createByHost(organizerId, event.id, {
          name: "Pie",
          category: "dessert",
          quantity: 3,
          notes: "",
        });
        assert.ok((await claimAsGuest(data, ctx, pie.id, 2)).ok);
        assert.ok((await claimAsGuest(data, ctx, pie.id, 3)).ok);
        assert.equal((await claimAsGuest(data, ctx, pie.id, 4)).ok, false);
        assert.ok((await claimAsGuest(data, ctx, pie.id, 0)).ok);
        assert.deepEqual((await data.potluck.get(pie.id))?.claims, []);

        const own = await addGuestItem(data, ctx, { name: "Tamales", category: "main", quantity: 2, notes: "" });
        assert.ok(own.ok);
        assert.equal(own.value.addedByHouseholdId, ctx.household.id);
        assert.deepEqual(
          own.value.claims.map((c) => c.quantity),
          [2],
        );
        const view = await loadEventOverview(data, event);
        assert.deepEqual(
          view.potluck.map((p) => [p.item.name, p.claims.map((c) => `${c.householdName} x${c.quantity}`)]),
          [
            ["Pie", []],
            ["Tamales", ["The Testers x2"]],
          ],
        );
      });

      it("does not let the organizer lower a quantity below what is claimed", async () => {
        const { organizerId, event, token } = await party(["Ann"]);
        const pie = await data.potluck.createByHost(organizerId, event.id, {
          name: "Pie",
          category: "dessert",
          quantity: 3,
          notes: "",
        });
        await claimAsGuest(data, await guest(token), pie.id, 2);
        const result = await data.potluck.updateByHost(organizerId, pie.id, {
          name: "Pie",
          category: "dessert",
          quantity: 1,
          notes: "",
        });
        assert.equal(result.ok, false);
        assert.equal((await data.potluck.get(pie.id))?.quantity, 3);
      });
    });

    describe("what a guest link can reach", () => {
      it("opens one household for one event: other households' people and other events' items are out of reach", async () => {
        const a = await party(["Ann"]);
        const other = await data.households.create(a.organizerId, household("The Others"), [person("Olga")]);
        await data.invitations.invite(a.organizerId, a.event.id, other.id);
        const secondEvent = await data.events.create(a.organizerId, eventInput({ title: "Second" }));
        const foreignItem = await data.potluck.createByHost(a.organizerId, secondEvent.id, {
          name: "Ham",
          category: "main",
          quantity: 1,
          notes: "",
        });
        const otherAdded = await data.potluck.addByGuest(a.organizerId, a.event.id, other.id, {
          name: "Olga's salad",
          category: "salad",
          quantity: 1,
          notes: "",
        });
        const ctx = await guest(a.token);
        assert.equal(ctx.event.id, a.event.id);
        assert.equal(ctx.household.id, a.home.id);

        const before = JSON.stringify([
          await data.rsvps.get(a.event.id, other.people[0]!.id),
          await data.potluck.get(foreignItem.id),
          await data.potluck.get(otherAdded.id),
        ]);
        const olga = {
          people: [
            { personId: other.people[0]!.id, status: "not_attending" as const, dietaryTags: [], dietaryNotes: "" },
          ],
          note: "",
        };
        assert.deepEqual(await saveGuestAnswers(data, ctx, olga), {
          ok: false,
          reason: "not-found",
          message: undefined,
        });
        // Mixed with a legitimate answer, nothing at all is written.
        const mixed = {
          people: [
            { personId: a.home.people[0]!.id, status: "attending" as const, dietaryTags: [], dietaryNotes: "" },
            olga.people[0]!,
          ],
          note: "hi",
        };
        assert.equal((await saveGuestAnswers(data, ctx, mixed)).ok, false);
        assert.equal(await data.rsvps.get(a.event.id, a.home.people[0]!.id), null);
        assert.equal((await claimAsGuest(data, ctx, foreignItem.id, 1)).ok, false);
        assert.equal(
          (await claimAsGuest(data, ctx, otherAdded.id, 0)).ok,
          true,
          "withdrawing a claim one never had changes nothing",
        );
        assert.equal((await data.potluck.removeByGuest(a.event.id, a.home.id, otherAdded.id)).ok, false);
        const after = JSON.stringify([
          await data.rsvps.get(a.event.id, other.people[0]!.id),
          await data.potluck.get(foreignItem.id),
          await data.potluck.get(otherAdded.id),
        ]);
        assert.equal(after.replace(/"updatedAt":\d+/g, ""), before.replace(/"updatedAt":\d+/g, ""));
      });
    });

    describe("cascades", () => {
      it("deleting an event takes its links, answers and potluck with it", async () => {
        const { organizerId, event, home, token } = await party(["Ann"]);
        const ctx = await guest(token);
        await saveGuestAnswers(data, ctx, {
          people: [{ personId: home.people[0]!.id, status: "attending", dietaryTags: [], dietaryNotes: "" }],
          note: "x",
        });
        const pie = await data.potluck.createByHost(organizerId, event.id, {
          name: "Pie",
          category: "dessert",
          quantity: 1,
          notes: "",
        });
        assert.ok((await deleteEvent(data, organizerId, event.id)).ok);
        assert.equal(await openInvitation(data, token), null);
        assert.equal(await data.potluck.get(pie.id), null);
        assert.equal(await data.rsvps.get(event.id, home.people[0]!.id), null);
        assert.deepEqual(await data.invitations.listForHousehold(home.id), []);
        assert.ok(await data.households.get(home.id), "the address book keeps the household");
      });

      it("uninviting, deleting a household and removing a person clean up their answers and claims", async () => {
        const { organizerId, event, home, invitation, token } = await party(["Ann", "Ben"]);
        const ctx = await guest(token);
        const [ann, ben] = home.people;
        await saveGuestAnswers(data, ctx, {
          people: [ann!, ben!].map((p) => ({
            personId: p.id,
            status: "attending" as const,
            dietaryTags: [],
            dietaryNotes: "",
          })),
          note: "",
        });
        const pie = await data.potluck.createByHost(organizerId, event.id, {
          name: "Pie",
          category: "dessert",
          quantity: 1,
          notes: "",
        });
        await claimAsGuest(data, ctx, pie.id, 1);

        assert.ok((await removePerson(data, organizerId, home.id, ben!.id)).ok);
        assert.equal(await data.rsvps.get(event.id, ben!.id), null);

        assert.ok((await uninvite(data, organizerId, invitation.id)).ok);
        assert.equal(await openInvitation(data, token), null);
        assert.equal(await data.rsvps.get(event.id, ann!.id), null);
        assert.deepEqual((await data.potluck.get(pie.id))?.claims, []);

        const again = await data.invitations.invite(organizerId, event.id, home.id);
        assert.ok(again.created, "the household can be invited again");
        assert.ok((await deleteHousehold(data, organizerId, home.id)).ok);
        assert.equal(await data.households.get(home.id), null);
        assert.equal(await data.invitations.get(again.invitation.id), null);
      });
    });

    describe("another organizer's ids", () => {
      it("are not found by every organizer operation, and nothing changes for either organizer", async () => {
        const a = await party(["Ann"]);
        const aItem = await data.potluck.createByHost(a.organizerId, a.event.id, {
          name: "Pie",
          category: "dessert",
          quantity: 2,
          notes: "",
        });
        await claimAsGuest(data, await guest(a.token), aItem.id, 1);
        const b = await party(["Bea"]);
        const bItem = await data.potluck.createByHost(b.organizerId, b.event.id, {
          name: "Cake",
          category: "dessert",
          quantity: 2,
          notes: "",
        });
        const annId = a.home.people[0]!.id;
        const beaId = b.home.people[0]!.id;
        const snapshots = async () => [
          await snapshotOrganizer(data, a.organizerId),
          await snapshotOrganizer(data, b.organizerId),
        ];
        const before = await snapshots();

        const pieInput = { name: "Stolen", category: "dessert" as const, quantity: 9, notes: "" };
        const attempts: [string, () => Promise<{ ok: boolean; reason?: string }>][] = [
          ["update event", () => data.events.update(b.organizerId, a.event.id, eventInput({ title: "Hijacked" }))],
          ["cancel event", () => data.events.setStatus(b.organizerId, a.event.id, "cancelled")],
          ["delete event", () => deleteEvent(data, b.organizerId, a.event.id)],
          ["update household", () => data.households.update(b.organizerId, a.home.id, household("Hijacked"))],
          ["add person", () => data.households.addPerson(b.organizerId, a.home.id, person("Mallory"))],
          ["update person", () => data.households.updatePerson(b.organizerId, a.home.id, annId, person("Mallory"))],
          [
            "update person via own household",
            () => data.households.updatePerson(b.organizerId, b.home.id, annId, person("Mallory")),
          ],
          ["remove person", () => removePerson(data, b.organizerId, a.home.id, annId)],
          ["delete household", () => deleteHousehold(data, b.organizerId, a.home.id)],
          ["invite own household to their event", () => inviteHouseholds(data, b.organizerId, a.event.id, [b.home.id])],
          ["invite their household to own event", () => inviteHouseholds(data, b.organizerId, b.event.id, [a.home.id])],
          ["invite a mix", () => inviteHouseholds(data, b.organizerId, b.event.id, [b.home.id, a.home.id])],
          ["revoke link", () => data.invitations.revoke(b.organizerId, a.invitation.id)],
          ["regenerate link", () => data.invitations.regenerate(b.organizerId, a.invitation.id)],
          ["uninvite", () => uninvite(data, b.organizerId, a.invitation.id)],
          ["answer on their event", () => setAnswerForGuest(data, b.organizerId, a.event.id, annId, "not_attending")],
          [
            "answer for their guest on own event",
            () => setAnswerForGuest(data, b.organizerId, b.event.id, annId, "not_attending"),
          ],
          [
            "answer for own guest on their event",
            () => setAnswerForGuest(data, b.organizerId, a.event.id, beaId, "not_attending"),
          ],
          ["add potluck item", () => addPotluckItem(data, b.organizerId, a.event.id, pieInput)],
          ["edit potluck item", () => data.potluck.updateByHost(b.organizerId, aItem.id, pieInput)],
          ["remove potluck item", () => data.potluck.removeByHost(b.organizerId, aItem.id)],
        ];
        for (const [what, attempt] of attempts) {
          const result = await attempt();
          assert.equal(result.ok, false, what);
          assert.equal(result.reason, "not-found", what);
        }
        assert.equal(await data.events.getHosted(b.organizerId, a.event.id), null);
        assert.equal(await data.households.getOwned(b.organizerId, a.home.id), null);
        assert.equal(await data.invitations.getHosted(b.organizerId, a.invitation.id), null);
        assert.deepEqual(await snapshots(), before);
        // The same operations on B's own ids work, so the refusals above were about ownership.
        assert.ok((await data.potluck.updateByHost(b.organizerId, bItem.id, pieInput)).ok);
        assert.ok((await setAnswerForGuest(data, b.organizerId, b.event.id, beaId, "maybe")).ok);
      });
    });

    describe("the dashboard", () => {
      it("puts upcoming events first with their counts, then past ones", async () => {
        const { organizerId, event, token, home } = await party(["Ann", "Ben"], 10);
        const past = await data.events.create(organizerId, eventInput({ title: "Last year" }, -300));
        const ctx = await guest(token);
        await saveGuestAnswers(data, ctx, {
          people: [{ personId: home.people[0]!.id, status: "attending", dietaryTags: [], dietaryNotes: "" }],
          note: "",
        });
        const dashboard = await loadDashboard(data, organizerId);
        assert.deepEqual(
          dashboard.upcoming.map((c) => c.event.id),
          [event.id],
        );
        assert.deepEqual(
          dashboard.past.map((c) => c.event.id),
          [past.id],
        );
        assert.equal(dashboard.upcoming[0]?.counts.attending, 1);
        assert.equal(dashboard.upcoming[0]?.counts.noReply, 1);
        assert.deepEqual(await loadDashboard(data, await makeOrganizer(data)), { upcoming: [], past: [] });
      });
    });
  });
}
