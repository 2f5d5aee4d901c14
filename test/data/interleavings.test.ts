import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ensureDataVersion } from "../../lib/data/data-version";
import type { PartyData } from "../../lib/data/party";
import { addGuestItem, claimAsGuest, openInvitation, saveGuestAnswers, type GuestContext } from "../../lib/party/guest";
import { deleteHousehold, inviteHouseholds, removePerson, uninvite } from "../../lib/party/manage";
import { createMemoryStore } from "../../lib/storage/memory-store";
import type { AppStore } from "../../lib/storage/types";
import { controlStore, type Phase } from "../support/controlled-store";
import { eventInput, household, makeData, makeOrganizer, person } from "../party/support";
import { runCheck } from "./check-suite";

/**
 * Issue 14's proof: pairs of operations on the same records, forced in every order. For each pair, one
 * operation is stopped before and after each of its store calls while the other runs from start to end, in
 * both directions; afterwards the consistency check is clean and the outcome (what each operation answered,
 * and the data) is one of the two serial outcomes. The old code failed the first pair: an invite and a remove
 * of the same household left two invitations for it.
 */

interface World {
  data: PartyData;
  organizerId: string;
  eventId: string;
  ann: string;
  bob: string;
  anns: { householdId: string; invitationId: string; ctx: GuestContext };
  bobs: { householdId: string };
  pieId: string;
  /** The event's version when the organizer opened its edit form. */
  eventVersion: number;
}

async function setUp(store: AppStore): Promise<World> {
  await ensureDataVersion(store, { log: () => {} });
  const data = makeData(store);
  const organizerId = await makeOrganizer(data);
  const event = await data.events.create(organizerId, eventInput({ capacity: "20" }));
  const annHome = await data.households.create(organizerId, household("The Anns"), [
    person("Ann"),
    person("Andy", { ageGroup: "child" }),
  ]);
  const bobHome = await data.households.create(organizerId, household("The Bobs"), [person("Bob")]);
  const { invitation } = await data.invitations.invite(organizerId, event.id, annHome.id);
  const ctx = (await openInvitation(data, data.invitations.tokenOf(invitation)!))!;
  const pie = await data.potluck.createByHost(organizerId, event.id, {
    name: "Pie",
    category: "dessert",
    quantity: 2,
    notes: "",
  });
  return {
    data,
    organizerId,
    eventId: event.id,
    ann: annHome.people[0]!.id,
    bob: bobHome.people[0]!.id,
    anns: { householdId: annHome.id, invitationId: invitation.id, ctx },
    bobs: { householdId: bobHome.id },
    pieId: pie.id,
    eventVersion: event.version,
  };
}

type Op = (w: World) => Promise<unknown>;

/** What the organizer's and guests' pages would show, by name, plus what each operation answered. */
async function outcome(w: World, results: Record<string, unknown>): Promise<string> {
  const { data } = w;
  const event = await data.events.get(w.eventId);
  const invitations = event ? await data.invitations.listForEvent(w.eventId) : [];
  const responses = event ? await data.rsvps.forEvent(w.eventId) : [];
  const items = event ? await data.potluck.listForEvent(w.eventId) : [];
  const households = await data.households.listForOrganizer(w.organizerId);
  const nameOf = (householdId: string) =>
    households.find((h) => h.id === householdId)?.name ??
    invitations.find((i) => i.householdId === householdId)?.guests.name ??
    householdId;
  const summary = await data.events.summaryOf(w.eventId);
  const shown = (r: unknown) => {
    if (typeof r !== "object" || r === null) return r ?? null;
    const o = r as { ok?: boolean; reason?: string; created?: boolean };
    if ("ok" in o) return o.ok ? "ok" : o.reason;
    if ("created" in o) return o.created ? "created" : "existing";
    return "done";
  };
  return JSON.stringify({
    results: Object.fromEntries(
      Object.entries(results)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shown(v)]),
    ),
    event: event ? { title: event.title, capacity: event.capacity, status: event.status } : null,
    households: households.map((h) => [h.name, h.people.map((p) => p.firstName)]),
    invitations: invitations
      .map((i) => [nameOf(i.householdId), i.guests.people.map((p) => p.firstName), i.revokedAt === null])
      .sort(),
    answers: responses
      .map((r) => [
        nameOf(r.householdId),
        Object.values(r.answers)
          .map((a) => a.status)
          .sort(),
        r.note,
      ])
      .sort(),
    items: items.map((i) => [i.name, i.claims.map((c) => [nameOf(c.householdId), c.quantity])]),
    summary: summary
      ? {
          households: summary.households,
          invited: summary.invited,
          attending: summary.attending,
          items: summary.potluckItems,
        }
      : null,
  });
}

async function serial(a: Op, b: Op, order: "AB" | "BA"): Promise<string> {
  const store = createMemoryStore();
  const w = await setUp(store);
  const results: Record<string, unknown> = {};
  if (order === "AB") {
    results.A = await a(w);
    results.B = await b(w);
  } else {
    results.B = await b(w);
    results.A = await a(w);
  }
  return outcome(w, results);
}

/**
 * Runs `first` until its `index`th store call (`phase`), then all of `second`, then the rest of `first`. Each
 * operation runs as a request on an instance of its own (two app servers on one store).
 */
async function interleaved(
  ops: { A: Op; B: Op },
  first: "A" | "B",
  index: number,
  phase: Phase,
): Promise<{ outcome: string; paused: boolean; problems: string[] }> {
  const inner = createMemoryStore();
  const controlled = controlStore(inner);
  const w = await setUp(controlled.store);
  const second = first === "A" ? "B" : "A";
  const pause = controlled.pauseAt(first, index, phase);
  const results: Record<string, unknown> = {};
  const on = (store: AppStore): World => ({ ...w, data: makeData(store) });
  const running = controlled
    .runAs(first, () => ops[first](on(controlled.instance())))
    .then((r) => (results[first] = r));
  const paused = await Promise.race([pause.reached.then(() => true), running.then(() => false)]);
  results[second] = await controlled.runAs(second, () => ops[second](on(controlled.instance())));
  pause.release();
  await running;
  const check = await runCheck(inner);
  return {
    outcome: await outcome(w, results),
    paused,
    problems: check.problems.map((p) => `${p.kind} ${p.key}: ${p.message}`),
  };
}

/** How many store calls an operation makes when it runs alone. */
async function callsOf(op: Op): Promise<number> {
  const controlled = controlStore(createMemoryStore());
  const w = await setUp(controlled.store);
  await controlled.runAs("X", () => op(w));
  return controlled.counts().X ?? 0;
}

async function forceEveryOrder(a: Op, b: Op): Promise<{ runs: number; outcomes: Set<string> }> {
  const serialOutcomes = new Set([await serial(a, b, "AB"), await serial(a, b, "BA")]);
  const seen = new Set<string>();
  let runs = 0;
  for (const first of ["A", "B"] as const) {
    const calls = await callsOf(first === "A" ? a : b);
    assert.ok(calls > 0);
    for (let index = 0; index < calls; index++) {
      for (const phase of ["before", "after"] as const) {
        const run = await interleaved({ A: a, B: b }, first, index, phase);
        runs += 1;
        assert.deepEqual(run.problems, [], `${first} paused ${phase} call ${index}: the check is clean`);
        assert.ok(
          serialOutcomes.has(run.outcome),
          `${first} paused ${phase} call ${index}: outcome is one of the serial ones\n got:      ${run.outcome}\n serial:   ${[...serialOutcomes].join("\n           ")}`,
        );
        seen.add(run.outcome);
      }
    }
  }
  return { runs, outcomes: seen };
}

describe("pairs of operations on the same records, forced in every order (memory store)", () => {
  it("invite vs remove of the same household: never two invitations", async () => {
    const { runs, outcomes } = await forceEveryOrder(
      (w) => w.data.invitations.invite(w.organizerId, w.eventId, w.anns.householdId),
      (w) => uninvite(w.data, w.organizerId, w.anns.invitationId),
    );
    assert.ok(runs >= 8);
    for (const o of outcomes) assert.ok(JSON.parse(o).invitations.length <= 1);
  });

  it("two invites of one household: one invitation", async () => {
    await forceEveryOrder(
      (w) => inviteHouseholds(w.data, w.organizerId, w.eventId, [w.bobs.householdId]),
      (w) => w.data.invitations.invite(w.organizerId, w.eventId, w.bobs.householdId),
    );
  });

  it("invite vs delete household", async () => {
    await forceEveryOrder(
      (w) => inviteHouseholds(w.data, w.organizerId, w.eventId, [w.bobs.householdId]),
      (w) => deleteHousehold(w.data, w.organizerId, w.bobs.householdId),
    );
  });

  it("a guest's answers vs uninvite", async () => {
    await forceEveryOrder(
      (w) =>
        saveGuestAnswers(w.data, w.anns.ctx, {
          people: w.anns.ctx.household.people.map((p) => ({
            personId: p.id,
            status: "attending" as const,
            dietaryTags: [],
            dietaryNotes: "",
          })),
          note: "Coming!",
        }),
      (w) => uninvite(w.data, w.organizerId, w.anns.invitationId),
    );
  });

  it("a guest's answers vs removing one of their people", async () => {
    await forceEveryOrder(
      (w) =>
        saveGuestAnswers(w.data, w.anns.ctx, {
          people: w.anns.ctx.household.people.map((p) => ({
            personId: p.id,
            status: "attending" as const,
            dietaryTags: [],
            dietaryNotes: "",
          })),
          note: "",
        }),
      (w) => removePerson(w.data, w.organizerId, w.anns.householdId, w.anns.ctx.household.people[1]!.id),
    );
  });

  it("a claim vs deleting the item", async () => {
    await forceEveryOrder(
      (w) => claimAsGuest(w.data, w.anns.ctx, w.pieId, 2),
      (w) => w.data.potluck.removeByHost(w.organizerId, w.pieId),
    );
  });

  it("a claim vs uninvite", async () => {
    await forceEveryOrder(
      (w) => claimAsGuest(w.data, w.anns.ctx, w.pieId, 1),
      (w) => uninvite(w.data, w.organizerId, w.anns.invitationId),
    );
  });

  it("editing an event vs deleting it", async () => {
    await forceEveryOrder(
      (w) =>
        w.data.events.update(w.organizerId, w.eventId, eventInput({ title: "Renamed", capacity: "30" }), {
          expectedVersion: w.eventVersion,
        }),
      (w) => w.data.events.remove(w.organizerId, w.eventId),
    );
  });

  it("invite vs deleting the event", async () => {
    await forceEveryOrder(
      (w) => inviteHouseholds(w.data, w.organizerId, w.eventId, [w.bobs.householdId]),
      (w) => w.data.events.remove(w.organizerId, w.eventId),
    );
  });

  it("a guest's own dish vs deleting the event", async () => {
    await forceEveryOrder(
      (w) => addGuestItem(w.data, w.anns.ctx, { name: "Tamales", category: "main", quantity: 2, notes: "" }),
      (w) => w.data.events.remove(w.organizerId, w.eventId),
    );
  });

  it("uninvite vs deleting the household", async () => {
    await forceEveryOrder(
      (w) => uninvite(w.data, w.organizerId, w.anns.invitationId),
      (w) => deleteHousehold(w.data, w.organizerId, w.anns.householdId),
    );
  });
});
