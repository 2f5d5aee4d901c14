import { createSessionToolkit, type SessionToolkit } from "../support/session-toolkit";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sessionKey, TOUCH_INTERVAL_MS } from "../../lib/session/manager";
import type { SessionRecord } from "../../lib/session/record";
import type { AppStore } from "../../lib/storage/types";
import { redisClient } from "../../support/redis";
import { driverHarness, type DriverHarness, type DriverKind } from "../support/redis-stores";
import { DAY_MS, FakeClock, HOUR_MS } from "../support/store-helpers";
import { TEST_POLICY } from "./session-suite";

/**
 * On Redis a session record must expire by itself: its native TTL equals its remaining life (idle expiry or
 * the absolute limit, whichever is first) and every renewal write refreshes it, so nothing needs a sweep.
 * The fake clock moves the app's "now"; Redis's TTL is read right after each write, so it equals the
 * remaining life computed from that fake now, give or take the seconds the test itself takes.
 */
export function defineNativeTtlCases(kind: DriverKind, redisUrl: string): void {
  describe(`session records carry a native TTL (${kind})`, () => {
    let h: DriverHarness;
    let store: AppStore;
    let clock: FakeClock;
    let sessions: SessionToolkit;

    before(async () => {
      h = await driverHarness(kind, redisUrl, `ttl-${kind}`);
      store = h.store();
    });
    after(async () => {
      await h?.dispose();
    });

    const fresh = () => {
      clock = new FakeClock();
      sessions = createSessionToolkit({ store, policy: TEST_POLICY, clock });
    };

    async function nativeTtl(session: SessionRecord): Promise<number> {
      const client = redisClient(redisUrl);
      try {
        return await client.ttl(`${h.prefix}:${sessionKey(session.id)}`);
      } finally {
        client.disconnect();
      }
    }

    function assertTtlIsRemainingLife(ttl: number, session: SessionRecord, what: string): void {
      const remaining = Math.ceil((Math.min(session.expiresAt, session.absoluteExpiresAt) - clock.now()) / 1000);
      assert.ok(ttl <= remaining && ttl >= remaining - 5, `${what}: native TTL ${ttl}s, remaining life ${remaining}s`);
    }

    it("is the idle lifetime at creation: 7 days kept, 1 day for a browser session", async () => {
      fresh();
      const kept = await sessions.createSession({ organizerId: "organizerTTL001", rememberMe: true });
      const browser = await sessions.createSession({ organizerId: "organizerTTL001", rememberMe: false });
      assertTtlIsRemainingLife(await nativeTtl(kept.session), kept.session, "kept");
      assertTtlIsRemainingLife(await nativeTtl(browser.session), browser.session, "browser");
      assert.ok((await nativeTtl(kept.session)) > 6.9 * 86_400);
      assert.ok((await nativeTtl(browser.session)) <= 86_400 && (await nativeTtl(browser.session)) > 0.9 * 86_400);
    });

    it("follows every renewal write: last-seen update shortens it to the remaining life, extension restores it", async () => {
      fresh();
      const { token, session } = await sessions.createSession({ organizerId: "organizerTTL002", rememberMe: true });
      const initial = await nativeTtl(session);

      // A touch after 2 hours rewrites last-seen without extending: the TTL is the (shorter) remaining life.
      clock.advance(2 * HOUR_MS);
      const lastSeen = await sessions.touchSession((await sessions.validateSessionToken(token))!);
      assert.ok(lastSeen && !lastSeen.extended);
      const afterTouch = await nativeTtl(lastSeen.session);
      assertTtlIsRemainingLife(afterTouch, lastSeen.session, "after a last-seen touch");
      assert.ok(afterTouch < initial - HOUR_MS / 1000, `TTL went from ${initial} to ${afterTouch}`);

      // Past half the idle lifetime the touch extends the session, and the native TTL with it.
      // (Redis's own clock did not move with the fake one, so compare with the remaining life, not the old TTL.)
      clock.advance(4 * DAY_MS);
      const remainingBefore = Math.ceil((lastSeen.session.expiresAt - clock.now()) / 1000);
      const extended = await sessions.touchSession((await sessions.validateSessionToken(token))!);
      assert.ok(extended?.extended);
      const afterExtend = await nativeTtl(extended.session);
      assertTtlIsRemainingLife(afterExtend, extended.session, "after an extension");
      assert.ok(
        afterExtend > remainingBefore + 3 * 86_400,
        `remaining life was ${remainingBefore}s, TTL now ${afterExtend}s`,
      );
      assert.ok(afterExtend > 6.9 * 86_400);
    });

    it("never outlives the absolute limit", async () => {
      fresh();
      const { token } = await sessions.createSession({ organizerId: "organizerTTL003", rememberMe: true });
      // Renew every 4 days until the absolute limit (30 days) is nearer than the idle lifetime (7 days).
      let current = (await sessions.validateSessionToken(token))!;
      while (current.absoluteExpiresAt - clock.now() > TEST_POLICY.maxAgeMs) {
        clock.advance(4 * DAY_MS);
        current = (await sessions.touchSession((await sessions.validateSessionToken(token))!))?.session ?? current;
      }
      clock.advance(TOUCH_INTERVAL_MS + HOUR_MS);
      const last = await sessions.touchSession((await sessions.validateSessionToken(token))!);
      assert.ok(last);
      assert.equal(last.session.expiresAt, last.session.absoluteExpiresAt, "capped by the absolute limit");
      const ttl = await nativeTtl(last.session);
      assertTtlIsRemainingLife(ttl, last.session, "near the absolute limit");
      assert.ok(ttl < TEST_POLICY.maxAgeMs / 1000);
    });

    it("flash messages expire natively too", async () => {
      fresh();
      const { session } = await sessions.createSession({ organizerId: "organizerTTL004", rememberMe: true });
      await sessions.setFlash(session.id, "hello");
      const client = redisClient(redisUrl);
      try {
        const ttl = await client.ttl(`${h.prefix}:flash:${session.id}`);
        assert.ok(ttl > 3500 && ttl <= 3600, `flash TTL ${ttl}`);
      } finally {
        client.disconnect();
      }
    });
  });
}
