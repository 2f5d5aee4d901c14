import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createSessionManager, organizerSessionsKey, sessionKey } from "../../lib/session/manager";
import { hashSessionToken } from "../../lib/session/token";
import { manualClock, MINUTE, type StoreFactory, type StoreHandle } from "./support";

const DAY = 24 * 60 * MINUTE;
const policy = { maxAgeMs: 7 * DAY, shortMaxAgeMs: DAY, absoluteMaxAgeMs: 30 * DAY };

/**
 * "Your sessions" against one store backend: the per-organizer index must never be out of date, whatever the
 * concurrency. Runs for memory and fs here, and for Redis where a Redis runner calls it.
 */
export function sessionControlSuite(name: string, factory: StoreFactory): void {
  describe(`session control on ${name}`, () => {
    let handle: StoreHandle;
    let clock: ReturnType<typeof manualClock>;
    const managerFor = () => createSessionManager({ store: handle.store, policy, clock });

    beforeEach(async () => {
      handle = await factory();
      clock = manualClock();
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    it("50 concurrent logins, then 'sign out of all other sessions', leave exactly one live session", async () => {
      const manager = managerFor();
      const created = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          manager.createSession({ organizerId: "organizer-a1", rememberMe: i % 2 === 0, userAgent: `agent ${i}` }),
        ),
      );
      // Someone else's sessions must not be touched.
      const bystander = await manager.createSession({ organizerId: "organizer-b2", rememberMe: true });
      assert.equal((await manager.listOrganizerSessions("organizer-a1")).length, 50);

      const keep = created[17]!;
      const ended = await manager.invalidateOrganizerSessions("organizer-a1", "organizer", {
        exceptSessionId: keep.session.id,
      });
      assert.equal(ended, 49);

      const live = await manager.listOrganizerSessions("organizer-a1");
      assert.deepEqual(
        live.map((s) => s.id),
        [keep.session.id],
      );
      assert.deepEqual(await handle.store.setMembers(organizerSessionsKey("organizer-a1")), [keep.session.id]);
      for (const { token, session } of created) {
        const valid = await manager.validateSessionToken(token);
        if (session.id === keep.session.id) assert.equal(valid?.id, keep.session.id);
        else assert.equal(valid, null, "an ended session's token must be refused");
        if (session.id !== keep.session.id) assert.equal(await handle.store.get(sessionKey(session.id)), null);
      }
      assert.equal((await manager.validateSessionToken(bystander.token))?.organizerId, "organizer-b2");
    });

    it("logins racing 'sign out everywhere' never leave a session outside the index", async () => {
      const manager = managerFor();
      const first = await manager.createSession({ organizerId: "organizer-a1", rememberMe: true });
      const racing = Array.from({ length: 20 }, () =>
        manager.createSession({ organizerId: "organizer-a1", rememberMe: true }),
      );
      const signOut = manager.invalidateOrganizerSessions("organizer-a1", "organizer", {
        exceptSessionId: first.session.id,
      });
      const results = await Promise.all(racing);
      await signOut;
      // Whatever survived the race is listed, and a second sign-out catches all of it.
      const live = await manager.listOrganizerSessions("organizer-a1");
      const liveTokens = results.filter((r) => live.some((s) => s.id === r.session.id));
      for (const r of liveTokens) assert.ok(await manager.validateSessionToken(r.token));
      await manager.invalidateOrganizerSessions("organizer-a1", "organizer", { exceptSessionId: first.session.id });
      for (const r of results) assert.equal(await manager.validateSessionToken(r.token), null);
      assert.deepEqual(
        (await manager.listOrganizerSessions("organizer-a1")).map((s) => s.id),
        [first.session.id],
      );
    });

    it("expired sessions drop out of the list and out of the index", async () => {
      const manager = managerFor();
      const short = await manager.createSession({ organizerId: "organizer-a1", rememberMe: false });
      const long = await manager.createSession({ organizerId: "organizer-a1", rememberMe: true });
      clock.advance(DAY + MINUTE);
      const live = await manager.listOrganizerSessions("organizer-a1");
      assert.deepEqual(
        live.map((s) => s.id),
        [long.session.id],
      );
      assert.deepEqual(await handle.store.setMembers(organizerSessionsKey("organizer-a1")), [long.session.id]);
      assert.equal(await manager.validateSessionToken(short.token), null);
    });

    it("reissuing keeps the session (created, absolute expiry) under a new token and kills the old token", async () => {
      const manager = managerFor();
      const original = await manager.createSession({
        organizerId: "organizer-a1",
        rememberMe: true,
        userAgent: "Firefox",
      });
      clock.advance(90 * MINUTE);
      const reissued = await manager.reissueSession(original.session, "password-change");
      assert.notEqual(reissued.token, original.token);
      assert.equal(reissued.session.id, hashSessionToken(reissued.token));
      assert.equal(reissued.session.createdAt, original.session.createdAt);
      assert.equal(reissued.session.absoluteExpiresAt, original.session.absoluteExpiresAt);
      assert.equal(reissued.session.userAgent, "Firefox");
      assert.equal(await manager.validateSessionToken(original.token), null);
      assert.equal((await manager.validateSessionToken(reissued.token))?.id, reissued.session.id);
      assert.deepEqual(await handle.store.setMembers(organizerSessionsKey("organizer-a1")), [reissued.session.id]);
    });

    it("a password change keeps the current session under a new token and ends every other one", async () => {
      const manager = managerFor();
      const sessions = await Promise.all(
        Array.from({ length: 5 }, () => manager.createSession({ organizerId: "organizer-a1", rememberMe: true })),
      );
      const current = sessions[2]!;
      const reissued = await manager.reissueSession(current.session, "password-change");
      const ended = await manager.invalidateOrganizerSessions("organizer-a1", "password-change", {
        exceptSessionId: reissued.session.id,
      });
      assert.equal(ended, 4);
      for (const s of sessions) assert.equal(await manager.validateSessionToken(s.token), null);
      assert.deepEqual(
        (await manager.listOrganizerSessions("organizer-a1")).map((s) => s.id),
        [reissued.session.id],
      );
    });
  });
}
