import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createThrottle, throttleKey, throttleMessage } from "../../lib/auth/throttle";
import { manualClock, MINUTE, type StoreFactory, type StoreHandle } from "./support";

export function throttleSuite(name: string, factory: StoreFactory) {
  describe(`throttling on ${name}`, () => {
    let handle: StoreHandle;
    let clock: ReturnType<typeof manualClock>;
    let throttle: ReturnType<typeof createThrottle>;
    beforeEach(async () => {
      handle = await factory();
      clock = manualClock();
      throttle = createThrottle({ store: handle.store, clock });
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    it("allows 5 failed logins per email in 15 minutes, then refuses with the time to wait, then lifts", async () => {
      for (let i = 0; i < 5; i++) {
        assert.equal((await throttle.attempt("login", { email: "victim@example.com", address: `10.0.0.${i}` })).allowed, true);
        clock.advance(MINUTE);
      }
      // Five failures at minutes 0..4, now minute 5: the first leaves the window at minute 15.
      const refused = await throttle.attempt("login", { email: "VICTIM@example.com", address: "10.9.9.9" });
      assert.equal(refused.allowed, false);
      assert.ok(!refused.allowed);
      assert.equal(refused.subject, "email");
      assert.equal(refused.retryAfterMs, 10 * MINUTE);
      assert.equal(throttleMessage("login", refused), "Too many failed log-in attempts for this email address. Try again in 10 minutes.");
      // The refusal itself is not counted: waiting out the window is enough.
      clock.advance(10 * MINUTE - 1);
      assert.equal((await throttle.attempt("login", { email: "victim@example.com" })).allowed, false);
      clock.advance(1);
      assert.equal((await throttle.attempt("login", { email: "victim@example.com" })).allowed, true);
      // Other emails were never affected.
      assert.equal((await throttle.attempt("login", { email: "other@example.com" })).allowed, true);
    });

    it("successful logins are not counted", async () => {
      for (let i = 0; i < 12; i++) {
        const attempt = await throttle.attempt("login", { email: "busy@example.com", address: "10.0.0.1" });
        assert.equal(attempt.allowed, true, `login ${i + 1}`);
        if (attempt.allowed) await attempt.ticket.release();
      }
      assert.equal(await throttle.count("login", "email", "busy@example.com"), 0);
      assert.equal(await throttle.count("login", "address", "10.0.0.1"), 0);
    });

    it("allows 50 failures per client address across any emails, then refuses that address until it lifts", async () => {
      for (let i = 0; i < 50; i++) {
        assert.equal((await throttle.attempt("login", { email: `user${i}@example.com`, address: "203.0.113.7" })).allowed, true);
      }
      const refused = await throttle.attempt("login", { email: "fresh@example.com", address: "203.0.113.7" });
      assert.ok(!refused.allowed);
      assert.equal(refused.subject, "address");
      assert.match(throttleMessage("login", refused), /from your network\. Try again in 15 minutes\./);
      // The refused attempt used up nothing of the fresh email's allowance.
      assert.equal(await throttle.count("login", "email", "fresh@example.com"), 0);
      assert.equal((await throttle.attempt("login", { email: "fresh@example.com", address: "198.51.100.1" })).allowed, true);
      clock.advance(15 * MINUTE);
      assert.equal((await throttle.attempt("login", { email: "fresh@example.com", address: "203.0.113.7" })).allowed, true);
    });

    it("parallel guesses cannot slip past the limit: of 20 at once, exactly 5 get through", async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => throttle.attempt("login", { email: "burst@example.com" })));
      assert.equal(results.filter((r) => r.allowed).length, 5);
    });

    it("reset requests and sign-ups have their own limits", async () => {
      for (let i = 0; i < 5; i++) assert.equal((await throttle.attempt("reset", { email: "r@example.com" })).allowed, true);
      const resetRefused = await throttle.attempt("reset", { email: "r@example.com" });
      assert.ok(!resetRefused.allowed);
      assert.match(throttleMessage("reset", resetRefused), /^Too many password reset requests for this email address\./);
      for (let i = 0; i < 5; i++) assert.equal((await throttle.attempt("signup", { email: "r@example.com" })).allowed, true);
      const signupRefused = await throttle.attempt("signup", { email: "r@example.com" });
      assert.ok(!signupRefused.allowed);
      assert.match(throttleMessage("signup", signupRefused), /^Too many sign-up attempts for this email address\./);
      // Neither touched the login limit.
      assert.equal((await throttle.attempt("login", { email: "r@example.com" })).allowed, true);
      clock.advance(15 * MINUTE);
      assert.equal((await throttle.attempt("reset", { email: "r@example.com" })).allowed, true);
    });

    it("stores no email or address in clear, and prunes expired records", async () => {
      await throttle.attempt("login", { email: "secret-person@example.com", address: "192.0.2.44" });
      const keys = await handle.store.listKeys("throttle");
      assert.equal(keys.length, 2);
      assert.ok(keys.includes(throttleKey("login", "email", "secret-person@example.com")));
      for (const key of keys) {
        assert.doesNotMatch(key, /secret-person|192\.0\.2/);
        assert.doesNotMatch(JSON.stringify(await handle.store.get(key)), /secret-person|192\.0\.2/);
      }
      assert.equal(await throttle.pruneExpired(), 0);
      clock.advance(15 * MINUTE);
      assert.equal(await throttle.pruneExpired(), 2);
      assert.deepEqual(await handle.store.listKeys("throttle"), []);
    });
  });
}
