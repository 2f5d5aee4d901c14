import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ensureDataVersion } from "../../lib/data/data-version";
import type { PartyData } from "../../lib/data/party";
import type { GuestAnswersInput } from "../../lib/data/rsvps";
import { listEventMail } from "../../lib/mail/queue";
import { guestListCsv } from "../../lib/party/csv";
import { openInvitation, saveGuestAnswers, type GuestContext } from "../../lib/party/guest";
import { promoteFromWaitlist, setAnswerForGuest, setPlusOnesAllowed } from "../../lib/party/manage";
import { loadEventOverview } from "../../lib/party/overview";
import { waitlistOf } from "../../lib/party/summary";
import type { AppStore } from "../../lib/storage/types";
import { runCheck } from "../data/check-suite";
import { eventInput, household, makeData, makeOrganizer, person } from "./support";

export type StoreFactory = () => AppStore | Promise<AppStore>;

/**
 * Plus-ones (issue 17, item 8): the extra guests a household names count in the head count, the capacity and
 * the waitlist, decided in the answer's one commit, on every store (memory, fs, Redis over ioredis and Upstash).
 */
export function definePlusOnesSuite(label: string, makeStore: StoreFactory): void {
  describe(`plus-ones on ${label}`, () => {
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

    /** An event (capacity or none) and one-person households with addresses, each allowed `allowed` guests. */
    async function party(capacity: number | null, households: number, allowed: number) {
      const organizerId = await makeOrganizer(data);
      const event = await data.events.create(
        organizerId,
        eventInput({ capacity: capacity === null ? "" : String(capacity) }),
      );
      const guests: GuestContext[] = [];
      for (let h = 0; h < households; h++) {
        const home = await data.households.create(organizerId, household(`Household ${h}`), [
          person(`P${h}`, { email: `p${h}@example.com` }),
        ]);
        const invited = await data.invitations.inviteMany(organizerId, event.id, [home.id], Date.now(), allowed);
        assert.ok(invited.ok);
        const ctx = await openInvitation(data, data.invitations.tokenOf(invited.value.created[0]!)!);
        assert.ok(ctx);
        guests.push(ctx);
      }
      return { organizerId, event, guests };
    }

    const answer = (
      ctx: GuestContext,
      plusOnes: { name: string; dietaryTags?: GuestAnswersInput["people"][number]["dietaryTags"]; id?: string }[],
      status: "attending" | "not_attending" = "attending",
    ): GuestAnswersInput => ({
      people: ctx.household.people.map((p) => ({ personId: p.id, status, dietaryTags: [], dietaryNotes: "" })),
      plusOnes: plusOnes.map((g) => ({
        id: g.id ?? "",
        name: g.name,
        dietaryTags: g.dietaryTags ?? [],
        dietaryNotes: "",
      })),
      note: "",
    });

    it("counts a named guest in the head count, the dietary summary and the CSV, marked as the household's", async () => {
      const { event, guests } = await party(null, 1, 2);
      const ctx = guests[0]!;
      assert.equal(ctx.invitation.plusOnesAllowed, 2);
      const saved = await saveGuestAnswers(data, ctx, answer(ctx, [{ name: "Sam Guest", dietaryTags: ["vegan"] }]));
      assert.deepEqual(saved, { ok: true, value: { saved: 1, waitlisted: 0 } });
      const summary = await data.events.summaryOf(event.id);
      assert.equal(summary?.attending, 2);
      assert.equal(summary?.plusOnesAttending, 1);
      const overview = await loadEventOverview(data, event);
      assert.equal(overview.counts.attending, 2);
      assert.equal(overview.counts.plusOnesAttending, 1);
      assert.equal(overview.counts.noReply, 0);
      assert.deepEqual(
        overview.dietary.tags.map((t) => [t.tag, t.people.map((p) => p.name)]),
        [["vegan", ["Sam Guest (guest of Household 0)"]]],
      );
      const csv = guestListCsv(event, overview.households, overview.potluck);
      const guestRow = csv.split("\r\n").find((line) => line.includes('"Sam Guest"'));
      assert.equal(
        guestRow,
        '"Household 0","","Sam Guest","","","","","Attending","","","Vegan","","","","Household 0",""',
      );
      assert.deepEqual((await runCheck(store)).problems, []);
    });

    it("keeps a guest's id and place across saves, and drops guests whose row was cleared", async () => {
      const { event, guests } = await party(null, 1, 2);
      const ctx = guests[0]!;
      assert.ok((await saveGuestAnswers(data, ctx, answer(ctx, [{ name: "A" }, { name: "B" }]))).ok);
      const first = (await data.rsvps.forInvitation(ctx.invitation.id))!.plusOnes;
      assert.deepEqual(
        first.map((p) => p.name),
        ["A", "B"],
      );
      assert.ok((await saveGuestAnswers(data, ctx, answer(ctx, [{ name: "B renamed", id: first[1]!.id }]))).ok);
      const second = (await data.rsvps.forInvitation(ctx.invitation.id))!.plusOnes;
      assert.deepEqual(
        second.map((p) => [p.id, p.name]),
        [[first[1]!.id, "B renamed"]],
      );
      assert.equal((await data.events.summaryOf(event.id))?.attending, 2);
    });

    it("refuses more guests than the invitation allows, changing nothing", async () => {
      const { event, guests } = await party(null, 1, 1);
      const ctx = guests[0]!;
      const refused = await saveGuestAnswers(data, ctx, answer(ctx, [{ name: "One" }, { name: "Two" }]));
      assert.equal(refused.ok ? "saved" : refused.reason, "too-many-plus-ones");
      assert.equal(!refused.ok && refused.message, "You can bring up to 1 guest.");
      assert.equal((await data.rsvps.forInvitation(ctx.invitation.id))!.plusOnes.length, 0);
      assert.equal((await data.events.summaryOf(event.id))?.attending, 0);
    });

    it("puts a household's guest on the waitlist when the household overflows the capacity", async () => {
      const { event, guests } = await party(2, 2, 2);
      assert.ok((await saveGuestAnswers(data, guests[0]!, answer(guests[0]!, []))).ok);
      const ctx = guests[1]!;
      const saved = await saveGuestAnswers(data, ctx, answer(ctx, [{ name: "Overflow Guest" }]));
      assert.deepEqual(saved, { ok: true, value: { saved: 1, waitlisted: 1 } });
      const summary = await data.events.summaryOf(event.id);
      assert.equal(summary?.attending, 2);
      assert.equal(summary?.waitlisted, 1);
      const waiting = waitlistOf((await loadEventOverview(data, event)).households);
      assert.deepEqual(
        waiting.map((w) => [w.name, w.plusOne]),
        [["Overflow Guest", true]],
      );
      assert.deepEqual((await runCheck(store)).problems, []);
    });

    it("never gives more places than the capacity when households with guests answer at once", async () => {
      const { event, guests } = await party(7, 6, 2);
      const results = await Promise.all(
        guests.map((ctx, i) => saveGuestAnswers(data, ctx, answer(ctx, [{ name: `G${i}a` }, { name: `G${i}b` }]))),
      );
      assert.ok(results.every((r) => r.ok));
      const waitlisted = results.reduce((n, r) => n + (r.ok ? r.value.waitlisted : 0), 0);
      assert.equal(18 - waitlisted, 7, "exactly the capacity got a place");
      const summary = await data.events.summaryOf(event.id);
      assert.equal(summary?.attending, 7);
      assert.equal(summary?.waitlisted, 11);
      assert.deepEqual((await runCheck(store)).problems, []);
    });

    it("promotes a waiting guest when a place frees, and mails the household that it is in", async () => {
      const { organizerId, event, guests } = await party(2, 2, 1);
      assert.ok((await saveGuestAnswers(data, guests[0]!, answer(guests[0]!, []))).ok);
      assert.ok((await saveGuestAnswers(data, guests[1]!, answer(guests[1]!, [{ name: "Waiting Guest" }]))).ok);
      const [waiting] = waitlistOf((await loadEventOverview(data, event)).households);
      assert.ok(waiting?.plusOne);
      const full = await promoteFromWaitlist(data, organizerId, event.id, waiting.id);
      assert.equal(full.ok ? "promoted" : full.reason, "full");
      assert.ok((await saveGuestAnswers(data, guests[0]!, answer(guests[0]!, [], "not_attending"))).ok);
      const promoted = await promoteFromWaitlist(data, organizerId, event.id, waiting.id);
      assert.ok(promoted.ok);
      const summary = await data.events.summaryOf(event.id);
      assert.equal(summary?.attending, 2);
      assert.equal(summary?.waitlisted, 0);
      const mail = (await listEventMail(data.db, event.id)).filter((j) => j.kind === "promotion");
      assert.deepEqual(
        mail.map((j) => j.invitationId),
        [guests[1]!.invitation.id],
      );
      // Another organizer cannot promote anyone, not even by a guest's id.
      const other = await makeOrganizer(data);
      const refused = await promoteFromWaitlist(data, other, event.id, waiting.id);
      assert.equal(refused.ok ? "promoted" : refused.reason, "not-found");
      assert.deepEqual((await runCheck(store)).problems, []);
    });

    it("mails a promoted person too, in the commit that gives the place", async () => {
      const { organizerId, event, guests } = await party(1, 2, 0);
      for (const ctx of guests) assert.ok((await saveGuestAnswers(data, ctx, answer(ctx, []))).ok);
      const [waiting] = waitlistOf((await loadEventOverview(data, event)).households);
      assert.ok(waiting && !waiting.plusOne);
      assert.ok(
        (await setAnswerForGuest(data, organizerId, event.id, guests[0]!.household.people[0]!.id, "not_attending")).ok,
      );
      assert.ok((await promoteFromWaitlist(data, organizerId, event.id, waiting.id)).ok);
      const promotions = (await listEventMail(data.db, event.id)).filter((j) => j.kind === "promotion");
      assert.equal(promotions.length, 1);
      assert.equal(promotions[0]!.invitationId, guests[1]!.invitation.id);
    });

    it("confirms an answer the host set for a household by mail, like the household's own", async () => {
      const { organizerId, event, guests } = await party(null, 1, 0);
      const personId = guests[0]!.household.people[0]!.id;
      assert.ok((await setAnswerForGuest(data, organizerId, event.id, personId, "maybe")).ok);
      const confirmations = (await listEventMail(data.db, event.id)).filter((j) => j.kind === "confirmation");
      assert.equal(confirmations.length, 1);
      assert.equal(confirmations[0]!.invitationId, guests[0]!.invitation.id);
    });

    it("leaves guests out of every count while nobody of their household attends", async () => {
      const { organizerId, event, guests } = await party(null, 1, 1);
      const ctx = guests[0]!;
      assert.ok((await saveGuestAnswers(data, ctx, answer(ctx, [{ name: "Tag-along" }]))).ok);
      assert.equal((await data.events.summaryOf(event.id))?.attending, 2);
      assert.ok(
        (await setAnswerForGuest(data, organizerId, event.id, ctx.household.people[0]!.id, "not_attending")).ok,
      );
      const summary = await data.events.summaryOf(event.id);
      assert.equal(summary?.attending, 0);
      assert.equal(summary?.invited, 1);
      const overview = await loadEventOverview(data, event);
      assert.equal(overview.households[0]!.plusOnes[0]!.status, "not_coming");
      assert.deepEqual((await runCheck(store)).problems, []);
    });

    it("refuses to lower the allowance below the guests already named, and allows it down to them", async () => {
      const { organizerId, guests } = await party(null, 1, 3);
      const ctx = guests[0]!;
      assert.ok((await saveGuestAnswers(data, ctx, answer(ctx, [{ name: "X" }, { name: "Y" }]))).ok);
      const refused = await setPlusOnesAllowed(data, organizerId, ctx.invitation.id, 1);
      assert.equal(refused.ok ? "saved" : refused.reason, "below-named");
      assert.match((!refused.ok && refused.message) || "", /already named 2 guests: allow at least 2/);
      assert.equal((await data.invitations.get(ctx.invitation.id))?.plusOnesAllowed, 3);
      const lowered = await setPlusOnesAllowed(data, organizerId, ctx.invitation.id, 2);
      assert.ok(lowered.ok);
      assert.equal((await data.invitations.get(ctx.invitation.id))?.plusOnesAllowed, 2);
      // Someone else's invitation is not found.
      const other = await makeOrganizer(data);
      const foreign = await setPlusOnesAllowed(data, other, ctx.invitation.id, 5);
      assert.equal(foreign.ok ? "saved" : foreign.reason, "not-found");
    });

    it("is reported by the check when a household names more guests than its invitation allows", async () => {
      const { guests } = await party(null, 1, 2);
      const ctx = guests[0]!;
      assert.ok((await saveGuestAnswers(data, ctx, answer(ctx, [{ name: "X" }, { name: "Y" }]))).ok);
      assert.deepEqual((await runCheck(store)).problems, []);
      // Behind the app's back: the allowance lowered without the guard.
      const raw = (await store.get(`invitations:${ctx.invitation.id}`)) as Record<string, unknown>;
      await store.set(`invitations:${ctx.invitation.id}`, { ...raw, plusOnesAllowed: 1 });
      assert.deepEqual(
        (await runCheck(store)).problems.map((p) => p.kind),
        ["answers"],
      );
    });
  });
}
