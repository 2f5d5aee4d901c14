import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { transact } from "../../lib/data/commit";
import { COHOST_INVITE_TTL_MS, COHOST_INVITES } from "../../lib/data/cohosts";
import { ensureDataVersion } from "../../lib/data/data-version";
import { eventRole, hostIdsOf, type PartyEvent } from "../../lib/data/events";
import type { PartyData } from "../../lib/data/party";
import { queueMail } from "../../lib/mail/queue";
import { loadDashboard, loadEventOverview } from "../../lib/party/overview";
import type { AppStore } from "../../lib/storage/types";
import { eventInput, household, makeData, makeOrganizer, person } from "../party/support";
import { assertClean, runCheck } from "./check-suite";

/** What inviteCohost (lib/party/cohosts.ts) does, without its server-only import: the invitation and its mail. */
async function inviteCohost(data: PartyData, ownerId: string, eventId: string, email: string) {
  const token: { value: string | null } = { value: null };
  const result = await transact(data.db.store, { what: "invite co-host" }, async (work) => {
    const planned = await data.cohosts.planInvite(work, ownerId, eventId, email);
    if (!planned.ok) return planned;
    await queueMail(data.db, work, {
      organizerId: ownerId,
      eventId,
      invitationId: planned.value.id,
      kind: "cohost-invite",
    });
    return planned;
  });
  if (result.ok) token.value = data.cohosts.tokenOf(result.value);
  return { result, token: token.value };
}

function assertRefused(result: { ok: boolean; reason?: string }, reason: string) {
  assert.equal(result.ok, false);
  assert.equal(result.reason, reason);
}

/** Exactly one owner, never also a co-host, no co-host twice: the invariant every role change keeps. */
function assertOneOwner(event: PartyEvent) {
  const hosts = hostIdsOf(event);
  assert.equal(new Set(hosts).size, hosts.length, `no one holds two roles: ${JSON.stringify(event.cohosts)}`);
  assert.equal(eventRole(event, event.organizerId), "owner");
}

/** Co-hosts, ownership and their races: on memory, fs, Redis and Upstash alike. */
export function defineCohostSuite(label: string, makeStore: () => AppStore | Promise<AppStore>): void {
  describe(`co-hosts on ${label}`, () => {
    async function party(store: AppStore) {
      await ensureDataVersion(store, { log: () => {} });
      const data = makeData(store);
      const john = await makeOrganizer(data, "John");
      const jane = await makeOrganizer(data, "Jane");
      const janeEmail = (await data.organizers.findById(jane))!.email;
      const event = await data.events.create(john, eventInput({ title: "Winter Potluck" }));
      return { data, john, jane, janeEmail, event };
    }

    async function withCohost(store: AppStore) {
      const p = await party(store);
      const { result, token } = await inviteCohost(p.data, p.john, p.event.id, p.janeEmail.toUpperCase());
      assert.ok(result.ok);
      const accepted = await p.data.cohosts.accept(p.jane, token!);
      assert.deepEqual(accepted, { ok: true, value: { eventId: p.event.id } });
      return p;
    }

    it("invites by email with a one-time link (hashed at rest, mailed through the queue), accepted once by that address", async () => {
      const store = await makeStore();
      const { data, john, jane, janeEmail, event } = await party(store);
      const { result, token } = await inviteCohost(data, john, event.id, ` ${janeEmail.toUpperCase()} `);
      assert.ok(result.ok);
      assert.ok(token, "the link can be rebuilt for its mail");
      const invite = result.value;
      assert.equal(invite.email, janeEmail.toLowerCase());
      assert.equal(invite.expiresAt - invite.createdAt, COHOST_INVITE_TTL_MS);
      // At rest: the hash, and a sealed copy; never the token itself.
      const raw = JSON.stringify(await store.get(`cohost-invites:${invite.id}`));
      assert.ok(!raw.includes(token), "the token is not stored in clear");
      assert.ok(raw.includes(invite.tokenHash));
      const mail = await store.get(`mail-keys:${invite.id}.cohost-invite`);
      assert.ok(mail, "the mail was queued in the same commit");

      // Another organizer holding the link is refused: the address must be the invited one.
      const other = await makeOrganizer(data, "Mallory");
      assertRefused(await data.cohosts.accept(other, token), "wrong-address");
      assert.equal(eventRole((await data.events.get(event.id))!, other), null);

      assert.equal((await data.organizers.findById(jane))!.emailVerifiedAt, null, "made unverified");
      assert.ok((await data.cohosts.accept(jane, token)).ok);
      // The link was mailed to Jane's address: accepting it verifies the address, in the same commit.
      assert.notEqual((await data.organizers.findById(jane))!.emailVerifiedAt, null);
      const after = (await data.events.get(event.id))!;
      assert.equal(eventRole(after, jane), "cohost");
      assertOneOwner(after);
      // Single use: the link is gone, and its sealed copy with it.
      assertRefused(await data.cohosts.accept(jane, token), "invalid");
      const used = (await data.cohosts.listInvites(event.id))[0]!;
      assert.equal(used.sealedToken, null);
      assert.equal(used.acceptedBy, jane);
      // The co-host's dashboard lists the event, marked as co-hosted; the owner's as owned.
      const janeDash = await loadDashboard(data, jane);
      assert.deepEqual(
        janeDash.upcoming.map((c) => [c.event.id, c.role]),
        [[event.id, "cohost"]],
      );
      assert.deepEqual(
        (await loadDashboard(data, john)).upcoming.map((c) => c.role),
        ["owner"],
      );
      await assertClean(store);
      await store.close();
    });

    it("refuses an expired link, a revoked link, and invitations from a co-host", async () => {
      const store = await makeStore();
      const { data, john, jane, janeEmail, event } = await party(store);
      const first = await inviteCohost(data, john, event.id, janeEmail);
      assert.ok(first.result.ok);
      await data.cohosts.revokeInvite(john, event.id, first.result.value.id);
      assertRefused(await data.cohosts.accept(jane, first.token!), "invalid");

      const second = await inviteCohost(data, john, event.id, janeEmail);
      assert.ok(second.result.ok);
      const pending = second.result.value;
      // Expire it (as if 7 days passed): rewrite its expiry in a commit.
      await transact(store, { what: "test: expire" }, async (work) => {
        const invite = work.read(COHOST_INVITES, pending);
        work.put(COHOST_INVITES, { ...invite, expiresAt: Date.now() - 1 });
      });
      assertRefused(await data.cohosts.accept(jane, second.token!), "expired");

      const third = await inviteCohost(data, john, event.id, janeEmail);
      assert.ok((await data.cohosts.accept(jane, third.token!)).ok);
      // A co-host cannot invite co-hosts, remove anyone or hand the event over.
      const carol = await makeOrganizer(data, "Carol");
      const byCohost = await inviteCohost(data, jane, event.id, "carol@example.com");
      assertRefused(byCohost.result, "not-found");
      assert.equal((await data.cohosts.transfer(jane, event.id, carol)).ok, false);
      assert.equal((await data.cohosts.remove(jane, event.id, john)).ok, false);
      assert.equal((await data.events.remove(jane, event.id)).ok, false);
      assertOneOwner((await data.events.get(event.id))!);
      await assertClean(store);
      await store.close();
    });

    it("a co-host invites from their own address book; removing them keeps the guest list (the event's copy)", async () => {
      const store = await makeStore();
      const { data, john, jane, event } = await withCohost(store);
      const johns = await data.households.create(john, household("The Smiths"), [person("Sam")]);
      const janes = await data.households.create(jane, household("The Does"), [person("Dora")]);
      // Jane cannot invite John's household (not her address book), but her own, yes.
      assert.equal((await data.invitations.inviteMany(jane, event.id, [johns.id])).ok, false);
      const invited = await data.invitations.inviteMany(jane, event.id, [janes.id]);
      assert.ok(invited.ok);
      assert.equal(invited.value.created[0]!.organizerId, jane, "the invitation says whose address book");
      assert.ok((await data.invitations.inviteMany(john, event.id, [johns.id])).ok);
      // Jane's edit to her household still reaches the event while she co-hosts it.
      const dora = janes.people[0]!;
      await data.households.updatePerson(jane, janes.id, dora.id, { ...person("Dorothy"), lastName: "Tester" });
      const names = async () =>
        (await loadEventOverview(data, (await data.events.get(event.id))!)).households
          .flatMap((h) => h.people.map((p) => p.person.firstName))
          .sort();
      assert.deepEqual(await names(), ["Dorothy", "Sam"]);

      assert.ok((await data.cohosts.remove(john, event.id, jane)).ok);
      assert.equal(eventRole((await data.events.get(event.id))!, jane), null);
      // The guest list is whole; Jane's later edits and even deleting the household no longer reach the event.
      assert.deepEqual(await names(), ["Dorothy", "Sam"]);
      await data.households.updatePerson(jane, janes.id, dora.id, { ...person("Changed"), lastName: "Tester" });
      assert.ok((await data.households.remove(jane, janes.id)).ok);
      assert.deepEqual(await names(), ["Dorothy", "Sam"]);
      // And Jane can no longer change anything of the event.
      const [doraInvitation] = (await data.invitations.listForEvent(event.id)).filter((i) => i.organizerId === jane);
      assert.equal((await data.invitations.revoke(jane, doraInvitation!.id)).ok, false);
      assert.equal((await data.events.update(jane, event.id, eventInput({ title: "Mine now" }))).ok, false);
      assert.equal((await loadDashboard(data, jane)).upcoming.length, 0);
      await assertClean(store);
      await store.close();
    });

    it("transfers ownership both ways in one commit; a co-host may leave, the owner may not", async () => {
      const store = await makeStore();
      const { data, john, jane, event } = await withCohost(store);
      assert.equal((await data.cohosts.leave(john, event.id)).ok, false, "the owner cannot leave");
      const handed = await data.cohosts.transfer(john, event.id, jane);
      assert.ok(handed.ok);
      assert.equal(handed.value.organizerId, jane);
      assert.equal(eventRole(handed.value, john), "cohost");
      assertOneOwner(handed.value);
      // John is a co-host now: he can edit, not hand over or delete.
      assert.ok((await data.events.update(john, event.id, eventInput({ title: "Edited by John" }))).ok);
      assert.equal((await data.cohosts.transfer(john, event.id, jane)).ok, false);
      assert.equal((await data.events.remove(john, event.id)).ok, false);
      const back = await data.cohosts.transfer(jane, event.id, john);
      assert.ok(back.ok);
      assert.equal(back.value.organizerId, john);
      assert.equal(eventRole(back.value, jane), "cohost");
      assertOneOwner(back.value);
      assert.ok((await data.cohosts.leave(jane, event.id)).ok);
      assert.equal(eventRole((await data.events.get(event.id))!, jane), null);
      await assertClean(store);
      await store.close();
    });

    it("a race of two owners removing each other (and handing over meanwhile) leaves exactly one owner", async () => {
      const store = await makeStore();
      for (let round = 0; round < 5; round++) {
        const { data, john, jane, event } = await withCohost(store);
        // John hands the event to Jane, while both, each believing they own it, remove the other, and Jane
        // also tries to leave: all at once. Each commit decides on the event as it is when it applies.
        const results = await Promise.all([
          data.cohosts.transfer(john, event.id, jane),
          data.cohosts.remove(john, event.id, jane),
          data.cohosts.remove(jane, event.id, john),
          data.cohosts.leave(jane, event.id),
          data.cohosts.transfer(jane, event.id, john),
        ]);
        const final = (await data.events.get(event.id))!;
        assertOneOwner(final);
        assert.ok([john, jane].includes(final.organizerId));
        // Whoever was removed is out, and at most one of the two is left as a co-host.
        assert.ok(final.cohosts.length <= 1, JSON.stringify(final.cohosts));
        assert.ok(
          results.some((r) => r.ok),
          "something happened",
        );
        await assertClean(store, `round ${round}`);
      }
      await store.close();
    });

    it("an action by a co-host racing their removal either lands before it or is refused", async () => {
      const store = await makeStore();
      const { data, john, jane, event } = await withCohost(store);
      const janes = await data.households.create(jane, household("The Racers"), [person("Rae")]);
      const [invited, removed] = await Promise.all([
        data.invitations.inviteMany(jane, event.id, [janes.id]),
        data.cohosts.remove(john, event.id, jane),
      ]);
      assert.ok(removed.ok);
      const invitations = await data.invitations.listForEvent(event.id);
      if (invited.ok) {
        // It landed first: the removal then detached it (it keeps the event's copy, not Jane's address book).
        assert.equal(invitations.length, 1);
        assert.notEqual(invitations[0]!.detachedAt, null);
      } else assert.equal(invitations.length, 0);
      await assertClean(store);
      await store.close();
    });

    it("the data check reports an owner listed as a co-host, a co-host twice, an orphan co-host and an orphan invitation; repair fixes them", async () => {
      const store = await makeStore();
      const { data, john, jane, event } = await withCohost(store);
      const current = (await data.events.get(event.id))!;
      const ghost = "GhostOrganizer01";
      const broken = {
        ...current,
        version: current.version + 1,
        cohosts: [
          ...current.cohosts,
          { organizerId: john, email: "john@example.com", addedAt: 1 },
          { organizerId: jane, email: "jane@example.com", addedAt: 1 },
          { organizerId: ghost, email: "ghost@example.com", addedAt: 1 },
        ],
      };
      // Written past the repositories, as old code or a hand edit could leave it.
      await store.commit({ writes: [{ op: "replace", key: `events:${event.id}`, value: broken }] });
      await store.commit({
        writes: [
          {
            op: "set",
            key: "cohost-invites:OrphanInvite0001",
            value: {
              id: "OrphanInvite0001",
              eventId: "NoSuchEvent00001",
              email: "x@example.com",
              invitedBy: john,
              tokenHash: "0".repeat(64),
              sealedToken: null,
              createdAt: 1,
              expiresAt: 2,
              acceptedAt: null,
              acceptedBy: null,
              revokedAt: 1,
              version: 1,
            },
          },
        ],
      });
      const checked = await runCheck(store);
      const hosts = checked.problems.filter((p) => p.kind === "hosts").map((p) => p.message);
      assert.equal(hosts.length, 3, JSON.stringify(hosts));
      assert.ok(hosts.some((m) => m.includes("exactly one owner")));
      assert.ok(hosts.some((m) => m.includes("orphan co-host")));
      assert.ok(checked.problems.some((p) => p.kind === "orphan" && p.key === "cohost-invites:OrphanInvite0001"));
      await runCheck(store, true);
      const repaired = (await data.events.get(event.id))!;
      assertOneOwner(repaired);
      assert.deepEqual(
        repaired.cohosts.map((c) => c.organizerId),
        [jane],
      );
      await assertClean(store);
      await store.close();
    });
  });
}
