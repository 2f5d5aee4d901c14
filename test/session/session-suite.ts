import { createSessionToolkit, type SessionToolkit } from "../support/session-toolkit";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, it } from "node:test";
import { organizerSessionsKey, sessionKey, TOUCH_INTERVAL_MS, type SessionPolicy } from "../../lib/session/manager";
import type { SessionRecord } from "../../lib/session/record";
import { generateSessionToken, hashSessionToken } from "../../lib/session/token";
import type { AppStore } from "../../lib/storage/types";
import { countingStore, DAY_MS, FakeClock, HOUR_MS, MINUTE_MS, type StoreCounts } from "../support/store-helpers";

/** The defaults: 7 days idle with "keep me signed in", 1 day without, 30 days absolute. */
export const TEST_POLICY: SessionPolicy = {
  maxAgeMs: 7 * DAY_MS,
  shortMaxAgeMs: 1 * DAY_MS,
  absoluteMaxAgeMs: 30 * DAY_MS,
};

const ORG_A = "organizerAAAA01";
const ORG_B = "organizerBBBB02";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Every session-layer case, declared against one store implementation. Each test gets a fresh store from
 * makeStore (and cleans it up), a fake clock and a store wrapper that counts writes.
 */
export function defineSessionSuite(
  label: string,
  makeStore: () => Promise<{ store: AppStore; cleanup: () => Promise<void> }>,
): void {
  describe(`session manager (${label})`, () => {
    let raw: AppStore;
    let store: AppStore;
    let counts: StoreCounts;
    let resetCounts: () => void;
    let cleanup: () => Promise<void>;
    let clock: FakeClock;
    let sessions: SessionToolkit;

    beforeEach(async () => {
      const made = await makeStore();
      raw = made.store;
      cleanup = made.cleanup;
      const counted = countingStore(raw);
      store = counted.store;
      counts = counted.counts;
      resetCounts = counted.reset;
      clock = new FakeClock();
      sessions = createSessionToolkit({ store, policy: TEST_POLICY, clock });
    });

    afterEach(async () => {
      await cleanup();
    });

    const create = (organizerId = ORG_A, rememberMe = true, userAgent: string | null = "TestAgent/1.0") =>
      sessions.createSession({ organizerId, rememberMe, userAgent });

    /** Validates by token and touches, as every request does; returns the freshest record or null. */
    async function request(token: string): Promise<SessionRecord | null> {
      const session = await sessions.validateSessionToken(token);
      if (!session) return null;
      const touched = await sessions.touchSession(session);
      return touched?.session ?? session;
    }

    async function storedValues(): Promise<string[]> {
      const values: string[] = [];
      for (const ns of ["sessions", "flash"]) {
        for (const key of await raw.listKeys(ns)) values.push(`${key}=${JSON.stringify(await raw.get(key))}`);
      }
      for (const org of [ORG_A, ORG_B]) values.push(...(await raw.setMembers(organizerSessionsKey(org))));
      return values;
    }

    describe("create and validate", () => {
      it("creates a session that validates by its token with the fields it was given", async () => {
        const { token, session } = await create(ORG_A, true, "Mozilla/5.0 Test");
        assert.equal(session.organizerId, ORG_A);
        assert.equal(session.rememberMe, true);
        assert.equal(session.createdAt, clock.now());
        assert.equal(session.lastSeenAt, clock.now());
        assert.equal(session.expiresAt, clock.now() + TEST_POLICY.maxAgeMs);
        assert.equal(session.absoluteExpiresAt, clock.now() + TEST_POLICY.absoluteMaxAgeMs);
        assert.equal(session.userAgent, "Mozilla/5.0 Test");

        const read = await sessions.validateSessionToken(token);
        assert.deepEqual(read, session);
      });

      it("gives a session without 'keep me signed in' the short idle lifetime", async () => {
        const { session } = await create(ORG_A, false);
        assert.equal(session.rememberMe, false);
        assert.equal(session.expiresAt, clock.now() + TEST_POLICY.shortMaxAgeMs);
      });

      it("caps the stored user agent at 512 characters and accepts none", async () => {
        const long = await create(ORG_A, true, "x".repeat(5000));
        assert.equal(long.session.userAgent.length, 512);
        const none = await create(ORG_A, true, null);
        assert.equal(none.session.userAgent, "");
        assert.ok(await sessions.validateSessionToken(long.token));
        assert.ok(await sessions.validateSessionToken(none.token));
      });

      it("uses a token of at least 128 random bits and keys the store by its SHA-256 only", async () => {
        const { token, session } = await create();
        assert.ok(Buffer.from(token, "base64url").length * 8 >= 128, "token carries at least 128 bits");
        assert.equal(session.id, sha256(token));
        assert.equal(session.id, hashSessionToken(token));
        assert.notEqual(await raw.get(sessionKey(sha256(token))), null);
        assert.equal(await raw.get(sessionKey(token)), null);

        await sessions.setFlash(session.id, "hello");
        const everything = await storedValues();
        assert.ok(everything.length >= 3, "the record, the flash and the index entry were read back");
        for (const entry of everything) assert.ok(!entry.includes(token), `raw token found in store: ${entry}`);
      });

      it("gives every session a different token", async () => {
        const tokens = new Set<string>();
        for (let i = 0; i < 20; i++) tokens.add((await create()).token);
        assert.equal(tokens.size, 20);
      });

      it("returns null for unknown and garbage tokens without writing or throwing", async () => {
        await create();
        resetCounts();
        const garbage = [
          generateSessionToken(),
          "",
          "abc",
          "../../etc/passwd",
          "sessions:x",
          "a".repeat(42),
          "a".repeat(44),
          "!".repeat(43),
          `${"a".repeat(42)}:`,
          "x".repeat(100_000),
          "\u0000".repeat(43),
        ];
        for (const token of garbage) {
          assert.equal(await sessions.validateSessionToken(token), null, JSON.stringify(token.slice(0, 50)));
        }
        assert.equal(counts.writes, 0);
      });
    });

    describe("renewal", () => {
      it("does not write at all for many requests within an hour", async () => {
        const { token } = await create();
        resetCounts();
        for (let i = 0; i < 59; i++) {
          clock.advance(MINUTE_MS);
          assert.ok(await request(token), `request ${i} is signed in`);
        }
        assert.equal(counts.writes, 0);
        assert.equal(counts.remove, 0);
      });

      it("writes exactly once after more than an hour, then again not for another hour", async () => {
        const { token, session } = await create();
        resetCounts();
        clock.advance(TOUCH_INTERVAL_MS + MINUTE_MS);
        const renewed = await request(token);
        assert.ok(renewed);
        assert.equal(counts.writes, 1);
        assert.equal(renewed.lastSeenAt, clock.now());
        assert.equal((await sessions.validateSessionToken(token))?.lastSeenAt, clock.now(), "last seen was stored");

        for (let i = 0; i < 30; i++) {
          clock.advance(MINUTE_MS);
          assert.ok(await request(token));
        }
        assert.equal(counts.writes, 1, "no further write within the next hour");
        assert.equal((await sessions.validateSessionToken(token))?.expiresAt, session.expiresAt);
      });

      it("extends only once past half the idle lifetime (keep me signed in: 7 days)", async () => {
        const { token, session } = await create(ORG_A, true);
        clock.advance(3.5 * DAY_MS - MINUTE_MS);
        const early = await sessions.validateSessionToken(token);
        assert.ok(early);
        const earlyTouch = await sessions.touchSession(early);
        assert.ok(earlyTouch, "last seen is still updated");
        assert.equal(earlyTouch.extended, false);
        assert.equal(earlyTouch.session.expiresAt, session.expiresAt);

        clock.advance(TOUCH_INTERVAL_MS + MINUTE_MS);
        const late = await sessions.validateSessionToken(token);
        assert.ok(late);
        const lateTouch = await sessions.touchSession(late);
        assert.ok(lateTouch);
        assert.equal(lateTouch.extended, true);
        assert.equal(lateTouch.session.expiresAt, clock.now() + TEST_POLICY.maxAgeMs);
        assert.equal((await sessions.validateSessionToken(token))?.expiresAt, clock.now() + TEST_POLICY.maxAgeMs);
      });

      it("extends only once past half the idle lifetime (browser session: 1 day)", async () => {
        const { token, session } = await create(ORG_A, false);
        clock.advance(11 * HOUR_MS);
        const early = await request(token);
        assert.equal(early?.expiresAt, session.expiresAt);
        clock.advance(2 * HOUR_MS);
        const late = await request(token);
        assert.equal(late?.expiresAt, clock.now() + TEST_POLICY.shortMaxAgeMs);
      });

      it("keeps an active session alive by renewal but never beyond the absolute limit", async () => {
        const { token, session } = await create(ORG_A, true);
        let last: SessionRecord | null = session;
        let renewals = 0;
        while (clock.now() + 4 * DAY_MS < session.absoluteExpiresAt) {
          clock.advance(4 * DAY_MS);
          const before = last?.expiresAt;
          last = await request(token);
          assert.ok(last, `still signed in at day ${(clock.now() - session.createdAt) / DAY_MS}`);
          if (last.expiresAt !== before) renewals += 1;
          assert.ok(last.expiresAt <= session.absoluteExpiresAt, "never extended past the absolute limit");
        }
        assert.ok(renewals >= 6, `renewed ${renewals} times`);
        assert.equal(last?.expiresAt, session.absoluteExpiresAt, "the last renewal is capped at the absolute limit");

        clock.advance(session.absoluteExpiresAt - clock.now() - 1);
        assert.ok(await sessions.validateSessionToken(token), "valid until the last millisecond");
        clock.advance(1);
        assert.equal(await request(token), null, "ends at the absolute limit however active it was");
        assert.equal(await raw.get(sessionKey(session.id)), null);
      });

      it("writes a due renewal once when several requests of the session arrive together", async () => {
        const { token } = await create(ORG_A, true);
        clock.advance(4 * DAY_MS);
        // Each request read the record before any renewal was written, as concurrent requests do.
        const reads = await Promise.all(Array.from({ length: 10 }, () => sessions.validateSessionToken(token)));
        resetCounts();
        const touched = await Promise.all(reads.map((read) => sessions.touchSession(read!)));
        assert.equal(counts.writes, 1, "one renewal written, not one per request");
        assert.equal(touched.filter(Boolean).length, 1);
        assert.equal((await sessions.validateSessionToken(token))?.lastSeenAt, clock.now());

        // A record read before that write, handled a moment later, is not written again either...
        clock.advance(MINUTE_MS);
        assert.equal(await sessions.touchSession(reads[0]!), null);
        assert.equal(counts.writes, 1);
        // ...and the next renewal falls due an interval later, as before.
        clock.advance(TOUCH_INTERVAL_MS);
        assert.ok(await request(token));
        assert.equal(counts.writes, 2);
      });

      it("does not touch an expired session", async () => {
        const { session } = await create(ORG_A, false);
        clock.advance(2 * DAY_MS);
        resetCounts();
        assert.equal(await sessions.touchSession(session), null);
        assert.equal(counts.writes, 0);
      });
    });

    describe("expiry", () => {
      it("ends an idle 'keep me signed in' session after 7 days, on read", async () => {
        const { token, session } = await create(ORG_A, true);
        clock.advance(7 * DAY_MS - 1);
        assert.ok(await sessions.validateSessionToken(token));
        clock.advance(1);
        assert.equal(await sessions.validateSessionToken(token), null);
        assert.equal(await raw.get(sessionKey(session.id)), null, "the expired record is removed on read");
      });

      it("ends an idle browser session after 1 day, on read", async () => {
        const { token } = await create(ORG_A, false);
        clock.advance(DAY_MS - 1);
        assert.ok(await sessions.validateSessionToken(token));
        clock.advance(1);
        assert.equal(await sessions.validateSessionToken(token), null);
      });

      it("checks idle expiry on read whatever the store's TTL", async () => {
        const { token, session } = await create();
        // A record the store would keep for another day, whose own expiry has passed.
        await raw.set(sessionKey(session.id), { ...session, expiresAt: clock.now() - 1 }, { ttlSeconds: 86_400 });
        assert.equal(await sessions.validateSessionToken(token), null);
        assert.equal(await raw.get(sessionKey(session.id)), null);
      });

      it("checks the absolute limit on read whatever the idle expiry and the store's TTL", async () => {
        const { token, session } = await create();
        await raw.set(
          sessionKey(session.id),
          { ...session, expiresAt: clock.now() + 7 * DAY_MS, absoluteExpiresAt: clock.now() },
          { ttlSeconds: 86_400 },
        );
        assert.equal(await sessions.validateSessionToken(token), null);
        assert.equal(await raw.get(sessionKey(session.id)), null);
      });

      it("removes an expired record, its index entry and its flash when it is read", async () => {
        const { token, session } = await create(ORG_A, false);
        await sessions.setFlash(session.id, "bye");
        clock.advance(DAY_MS);
        assert.equal(await sessions.validateSessionToken(token), null);
        assert.equal(await raw.get(sessionKey(session.id)), null);
        assert.deepEqual(await raw.setMembers(organizerSessionsKey(ORG_A)), []);
        assert.deepEqual(await raw.listKeys("flash"), []);
      });
    });

    describe("invalidation", () => {
      it("invalidates one session and leaves the others", async () => {
        const a = await create();
        const b = await create();
        await sessions.invalidateSession(a.session, "logout");
        assert.equal(await sessions.validateSessionToken(a.token), null);
        assert.ok(await sessions.validateSessionToken(b.token));
        assert.equal(await raw.get(sessionKey(a.session.id)), null);
        assert.deepEqual(await raw.setMembers(organizerSessionsKey(ORG_A)), [b.session.id]);
      });

      it("invalidates every session of an organizer but one, through the index, not a scan", async () => {
        const mine = [await create(ORG_A), await create(ORG_A), await create(ORG_A)];
        const other = await create(ORG_B);
        const keep = mine[1]!;
        resetCounts();
        const ended = await sessions.invalidateOrganizerSessions(ORG_A, "password-change", {
          exceptSessionId: keep.session.id,
        });
        assert.equal(ended, 2);
        assert.equal(counts.listKeys, 0, "no keyspace listing");
        assert.equal(await sessions.validateSessionToken(mine[0]!.token), null);
        assert.equal(await sessions.validateSessionToken(mine[2]!.token), null);
        assert.ok(await sessions.validateSessionToken(keep.token));
        assert.ok(await sessions.validateSessionToken(other.token), "another organizer is untouched");
        assert.deepEqual(await raw.setMembers(organizerSessionsKey(ORG_A)), [keep.session.id]);
      });

      it("invalidates all of an organizer's sessions when no exception is given", async () => {
        const a = await create(ORG_A);
        const b = await create(ORG_A);
        assert.equal(await sessions.invalidateOrganizerSessions(ORG_A, "admin"), 2);
        assert.equal(await sessions.validateSessionToken(a.token), null);
        assert.equal(await sessions.validateSessionToken(b.token), null);
        assert.deepEqual(await sessions.listOrganizerSessions(ORG_A), []);
      });

      it("leaves exactly one of 50 concurrently created sessions after 'all but one'", async () => {
        const created = await Promise.all(Array.from({ length: 50 }, () => create(ORG_A)));
        assert.equal(new Set(created.map((c) => c.session.id)).size, 50);
        assert.equal((await raw.setMembers(organizerSessionsKey(ORG_A))).length, 50, "all 50 are indexed");
        const keep = created[17]!;
        assert.equal(
          await sessions.invalidateOrganizerSessions(ORG_A, "password-change", { exceptSessionId: keep.session.id }),
          49,
        );

        const alive = (await Promise.all(created.map((c) => sessions.validateSessionToken(c.token)))).filter(Boolean);
        assert.equal(alive.length, 1);
        assert.equal(alive[0]?.id, keep.session.id);
        assert.deepEqual(
          (await sessions.listOrganizerSessions(ORG_A)).map((s) => s.id),
          [keep.session.id],
        );
        assert.deepEqual(await raw.listKeys("sessions"), [sessionKey(keep.session.id)]);
      });

      const indexRacers: Array<[string, (m: SessionToolkit) => Promise<unknown>]> = [
        ["'sign out everywhere'", (m) => m.invalidateOrganizerSessions(ORG_A, "password-change")],
        ["a listing of the organizer's sessions", (m) => m.listOrganizerSessions(ORG_A)],
      ];
      for (const [racerName, racer] of indexRacers) {
        it(`never leaves a live session outside the index when a login races ${racerName}`, async () => {
          // The login is held after indexing its session, just before writing the record: an index reader
          // that took the member for stale here (record absent) and dropped it would let the record written
          // next escape every later "sign out everywhere".
          let release!: () => void;
          const gate = new Promise<void>((resolve) => (release = resolve));
          let atRecordWrite!: () => void;
          const reachedRecordWrite = new Promise<void>((resolve) => (atRecordWrite = resolve));
          let held = false;
          const slowStore = new Proxy(raw, {
            get(target, prop, receiver) {
              const value: unknown = Reflect.get(target, prop, receiver);
              if (prop === "set") {
                return async (key: string, v: unknown, o?: { ttlSeconds?: number }) => {
                  if (!held && key.startsWith("sessions:")) {
                    held = true;
                    atRecordWrite();
                    await gate;
                  }
                  return target.set(key, v, o);
                };
              }
              return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
            },
          });
          const slowLogin = createSessionToolkit({ store: slowStore, policy: TEST_POLICY, clock });
          const login = slowLogin.createSession({ organizerId: ORG_A, rememberMe: true });
          await reachedRecordWrite;

          let indexTouched!: () => void;
          const touchedIndex = new Promise<void>((resolve) => (indexTouched = resolve));
          const watching = new Proxy(raw, {
            get(target, prop, receiver) {
              const value: unknown = Reflect.get(target, prop, receiver);
              if (typeof value !== "function") return value;
              return async (...args: unknown[]) => {
                const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
                if (prop === "setRemove") indexTouched();
                return result;
              };
            },
          });
          const racing = racer(createSessionToolkit({ store: watching, policy: TEST_POLICY, clock }));
          // Lets the racer go as far as it can while the login is held (a correct one may wait for the login).
          await Promise.race([touchedIndex, racing, new Promise((resolve) => setTimeout(resolve, 200))]);
          release();
          const [{ token, session }] = await Promise.all([login, racing]);

          if (await sessions.validateSessionToken(token)) {
            assert.ok(
              (await raw.setMembers(organizerSessionsKey(ORG_A))).includes(session.id),
              "a live session is indexed",
            );
          }
          await sessions.invalidateOrganizerSessions(ORG_A, "password-change");
          assert.equal(await sessions.validateSessionToken(token), null, "a later 'sign out everywhere' reaches it");
        });
      }

      it("does not resurrect a session when a touch comes after the logout", async () => {
        const { token } = await create();
        clock.advance(TOUCH_INTERVAL_MS + MINUTE_MS);
        const inFlight = await sessions.validateSessionToken(token);
        assert.ok(inFlight, "a slow request read the session before the logout");
        await sessions.invalidateSession(inFlight, "logout");
        assert.equal(await sessions.touchSession(inFlight), null);
        assert.equal(await raw.get(sessionKey(inFlight.id)), null);
        assert.equal(await sessions.validateSessionToken(token), null);
        assert.deepEqual(await raw.setMembers(organizerSessionsKey(ORG_A)), []);
      });

      it("leaves nothing when logout and touch race, in either order", async () => {
        for (let round = 0; round < 20; round++) {
          const { token } = await create();
          clock.advance(TOUCH_INTERVAL_MS + MINUTE_MS);
          const inFlight = await sessions.validateSessionToken(token);
          assert.ok(inFlight);
          const racers = [sessions.touchSession(inFlight), sessions.invalidateSession(inFlight, "logout")];
          if (round % 2 === 1) void racers.reverse(); // reorders the array in place; its promises run on
          await Promise.all(racers);
          assert.equal(await sessions.validateSessionToken(token), null, `round ${round}`);
          assert.equal(await raw.get(sessionKey(inFlight.id)), null, `round ${round}`);
        }
        assert.deepEqual(await raw.listKeys("sessions"), []);
      });
    });

    describe("corrupt records", () => {
      const validRecord = (id: string, now: number): SessionRecord => ({
        v: 1,
        id,
        organizerId: ORG_A,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: now + DAY_MS,
        absoluteExpiresAt: now + 30 * DAY_MS,
        rememberMe: true,
        userAgent: "",
      });

      const corruptions: Array<[string, (id: string, now: number) => unknown]> = [
        ["garbage text", () => "{this is not json"],
        ["a number", () => 42],
        ["an array", () => [1, 2, 3]],
        ["an empty object", () => ({})],
        ["an unknown version", (id, now) => ({ ...validRecord(id, now), v: 2 })],
        [
          "a missing field",
          (id, now) => {
            const { organizerId: _drop, ...rest } = validRecord(id, now);
            return rest;
          },
        ],
        ["a wrongly typed field", (id, now) => ({ ...validRecord(id, now), expiresAt: "tomorrow" })],
        ["a mismatched id", (_id, now) => validRecord(sha256("another token"), now)],
      ];

      for (const [name, make] of corruptions) {
        it(`treats ${name} as no session and removes it, without throwing`, async () => {
          const token = generateSessionToken();
          const id = hashSessionToken(token);
          await raw.set(sessionKey(id), make(id, clock.now()));
          assert.notEqual(await raw.get(sessionKey(id)), null, "the corrupt value was stored");
          assert.equal(await sessions.validateSessionToken(token), null);
          assert.equal(await raw.get(sessionKey(id)), null, "the corrupt record was removed");
        });
      }

      it("accepts the same record when it is well formed (the corruption cases are not vacuous)", async () => {
        const token = generateSessionToken();
        const id = hashSessionToken(token);
        await raw.set(sessionKey(id), validRecord(id, clock.now()));
        assert.equal((await sessions.validateSessionToken(token))?.id, id);
      });
    });

    describe("flash messages", () => {
      it("gives a flash message once", async () => {
        const { session } = await create();
        await sessions.setFlash(session.id, "Welcome back, John!");
        assert.equal(await sessions.takeFlash(session.id), "Welcome back, John!");
        assert.equal(await sessions.takeFlash(session.id), null);
      });

      it("gives a flash message to exactly one of several concurrent readers", async () => {
        const { session } = await create();
        for (let round = 0; round < 5; round++) {
          await sessions.setFlash(session.id, `message ${round}`);
          const results = await Promise.all(Array.from({ length: 10 }, () => sessions.takeFlash(session.id)));
          assert.deepEqual(
            results.filter((r) => r !== null),
            [`message ${round}`],
          );
        }
      });

      it("does not give a stale flash message", async () => {
        const { session } = await create();
        await sessions.setFlash(session.id, "old news");
        clock.advance(2 * HOUR_MS);
        assert.equal(await sessions.takeFlash(session.id), null);
      });

      it("has no flash for a session that never had one", async () => {
        const { session } = await create();
        assert.equal(await sessions.takeFlash(session.id), null);
      });
    });

    describe("listing an organizer's sessions", () => {
      it("lists live sessions newest activity first and drops stale index entries", async () => {
        const oldest = await create(ORG_A);
        clock.advance(2 * HOUR_MS);
        const middle = await create(ORG_A);
        clock.advance(2 * HOUR_MS);
        const newest = await create(ORG_A);
        const gone = await create(ORG_A);
        const short = await create(ORG_A, false);
        const foreign = await create(ORG_B);

        await raw.remove(sessionKey(gone.session.id)); // as if the store had expired it by TTL
        await raw.setAdd(organizerSessionsKey(ORG_A), sha256("never existed"));
        await raw.setAdd(organizerSessionsKey(ORG_A), foreign.session.id); // someone else's session
        clock.advance(DAY_MS); // the browser session is now past its 1-day idle limit
        assert.ok(await request(oldest.token), "touch oldest so it is the most recent");

        const listed = await sessions.listOrganizerSessions(ORG_A);
        assert.deepEqual(
          listed.map((s) => s.id),
          [oldest.session.id, newest.session.id, middle.session.id],
        );
        assert.deepEqual(
          (await raw.setMembers(organizerSessionsKey(ORG_A))).sort(),
          [oldest.session.id, middle.session.id, newest.session.id].sort(),
        );
        assert.ok(await sessions.validateSessionToken(foreign.token), "the other organizer's session is untouched");
        assert.equal(await sessions.validateSessionToken(short.token), null);
      });
    });

    describe("maintenance", () => {
      it("prunes expired and corrupt records and keeps every live one", async () => {
        const expiring = await Promise.all(Array.from({ length: 5 }, () => create(ORG_B, false)));
        await sessions.setFlash(expiring[0]!.session.id, "stale");
        clock.advance(2 * DAY_MS);
        const live = await Promise.all(Array.from({ length: 5 }, () => create(ORG_A, true)));
        await sessions.setFlash(live[0]!.session.id, "fresh");
        await raw.set(sessionKey(sha256("corrupt")), "{garbage");

        const result = await sessions.pruneExpired();
        assert.equal(result.checked, 11);
        assert.equal(result.removed, 6);
        for (const s of live) assert.ok(await sessions.validateSessionToken(s.token));
        assert.equal((await raw.listKeys("sessions")).length, 5);
        assert.deepEqual(await raw.setMembers(organizerSessionsKey(ORG_B)), []);
        assert.deepEqual(await raw.listKeys("flash"), [`flash:${live[0]!.session.id}`]);
        assert.equal(await sessions.takeFlash(live[0]!.session.id), "fresh");
      });

      it("prunes an expired session's record, index member and flash, and removes no flash that does not exist", async () => {
        const expiring = await Promise.all(Array.from({ length: 4 }, () => create(ORG_B, false)));
        clock.advance(2 * DAY_MS);
        // Set after the clock moved: the flash itself is fresh, so only the session's removal can take it.
        await sessions.setFlash(expiring[1]!.session.id, "for a session that has just expired");
        const live = await create(ORG_A, true);
        await sessions.setFlash(live.session.id, "fresh");
        resetCounts();

        assert.deepEqual(await sessions.pruneExpired(), { checked: 5, removed: 4 });
        assert.equal(counts.remove, 4 + 1, "one remove per expired record and one for the one flash there was");
        for (const s of expiring) assert.equal(await raw.get(sessionKey(s.session.id)), null);
        assert.deepEqual(await raw.setMembers(organizerSessionsKey(ORG_B)), []);
        assert.deepEqual(await raw.listKeys("flash"), [`flash:${live.session.id}`]);
        assert.ok(await sessions.validateSessionToken(live.token));
        assert.deepEqual(await raw.setMembers(organizerSessionsKey(ORG_A)), [live.session.id]);
      });

      it("never leaves a renewed session outside the index when a renewal races the prune", async () => {
        for (let round = 0; round < 20; round++) {
          const { token, session } = await create(ORG_A, false);
          // The request reads and renews a minute before the 1-day expiry; the pruner's clock is a minute past it.
          clock.advance(DAY_MS - MINUTE_MS);
          const inFlight = await sessions.validateSessionToken(token);
          assert.ok(inFlight, `round ${round}`);
          const pruner = createSessionToolkit({
            store: raw,
            policy: TEST_POLICY,
            clock: { now: () => clock.now() + 2 * MINUTE_MS },
          });
          const racers: Promise<unknown>[] = [sessions.touchSession(inFlight), pruner.pruneExpired()];
          if (round % 2 === 1) void racers.reverse(); // reorders the array in place; its promises run on
          await Promise.all(racers);
          // Either the prune saw the renewal and kept the session, or it removed the session for good.
          const stored = await raw.get(sessionKey(session.id));
          const indexed = (await raw.setMembers(organizerSessionsKey(ORG_A))).includes(session.id);
          assert.equal(
            indexed,
            stored !== null,
            `round ${round}: record ${stored ? "present" : "absent"}, index member ${indexed ? "present" : "absent"}`,
          );
          if (stored) await sessions.invalidateSession(session, "logout");
        }
        assert.deepEqual(await raw.listKeys("sessions"), []);
      });

      it("counts bytes as stored (UTF-8), and can leave the records out", async () => {
        await create(ORG_A, true, "Mozilla/5.0 (Ünïcödé ✓)");
        await create(ORG_B, true, "plain");
        let expected = 0;
        let characters = 0;
        for (const key of await raw.listKeys("sessions")) {
          const text = JSON.stringify(await raw.get(key));
          expected += Buffer.byteLength(text);
          characters += text.length;
        }
        const all = await sessions.listAllSessions();
        assert.equal(all.stats.bytes, expected);
        assert.ok(expected > characters, "the user agent makes bytes and characters differ");
        assert.equal(all.sessions.length, 2);
        const statsOnly = await sessions.listAllSessions({ records: false });
        assert.deepEqual(statsOnly, { sessions: [], stats: all.stats });
      });

      it("never evicts a live session however many there are (600 live after prune)", async () => {
        const expired = await Promise.all(Array.from({ length: 20 }, () => create(ORG_B, false)));
        clock.advance(2 * DAY_MS);
        // 100 organizers with 6 sessions each (a batch creates one per organizer: logins of one organizer
        // are serialized by its lock, and contention is not what this test is about).
        const live: Array<{ token: string }> = [];
        for (let batch = 0; batch < 6; batch++) {
          live.push(...(await Promise.all(Array.from({ length: 100 }, (_, i) => create(`organizer${i}`, true)))));
        }
        const result = await sessions.pruneExpired();
        assert.equal(result.checked, 620);
        assert.equal(result.removed, expired.length);
        const valid = await Promise.all(live.map((s) => sessions.validateSessionToken(s.token)));
        assert.equal(valid.filter(Boolean).length, 600);
        assert.equal((await sessions.listAllSessions()).stats.live, 600);
        assert.equal((await sessions.listOrganizerSessions("organizer42")).length, 6);
      });

      it("counts live, expired and corrupt sessions and their bytes", async () => {
        await create(ORG_B, false);
        await create(ORG_B, false);
        clock.advance(2 * DAY_MS);
        const live = [await create(ORG_A), await create(ORG_A), await create(ORG_B)];
        await raw.set(sessionKey(sha256("corrupt")), { v: 1, nonsense: true });

        const { sessions: listed, stats } = await sessions.listAllSessions();
        assert.equal(stats.live, 3);
        assert.equal(stats.expired, 2);
        assert.equal(stats.corrupt, 1);
        assert.ok(stats.bytes > 5 * 200, `bytes ${stats.bytes} covers every record`);
        assert.deepEqual(listed.map((s) => s.id).sort(), live.map((s) => s.session.id).sort());
      });

      it("counts nothing in an empty store", async () => {
        const { stats } = await sessions.listAllSessions();
        assert.deepEqual(stats, { live: 0, expired: 0, corrupt: 0, bytes: 0 });
      });

      it("clears every session and flash and nothing else", async () => {
        const a = await create(ORG_A);
        const b = await create(ORG_B, false);
        await sessions.setFlash(a.session.id, "hi");
        await raw.set(sessionKey(sha256("corrupt")), "{garbage");
        await raw.set("organizers:keepme01", { name: "not a session" });
        await raw.set("events:keep", { title: "Party" });
        await raw.setAdd("guests:keep", "g1");

        assert.equal(await sessions.clearAllSessions(), 3);
        assert.deepEqual(await raw.listKeys("sessions"), []);
        assert.deepEqual(await raw.listKeys("flash"), []);
        assert.deepEqual(await raw.setMembers(organizerSessionsKey(ORG_A)), []);
        assert.deepEqual(await raw.setMembers(organizerSessionsKey(ORG_B)), []);
        assert.equal(await sessions.validateSessionToken(a.token), null);
        assert.equal(await sessions.validateSessionToken(b.token), null);
        assert.deepEqual(await raw.get("organizers:keepme01"), { name: "not a session" });
        assert.deepEqual(await raw.get("events:keep"), { title: "Party" });
        assert.deepEqual(await raw.setMembers("guests:keep"), ["g1"]);
      });
    });
  });
}
