import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createThrottle, throttleKey, throttleMessage, type Refusal, type Subject } from "../../lib/auth/throttle";
import { manualClock, MINUTE, type StoreFactory, type StoreHandle } from "./support";

const email = (value: string): Subject => ({ kind: "email", value });
const address = (value: string): Subject => ({ kind: "address", value });
const device = (value: string): Subject => ({ kind: "device", value });

/** The store-backed throttle on one store (memory, fs, Redis, Upstash), its clock moved by hand. */
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

    /** One login attempt whose password turns out wrong: null ("wrong password") or the refusal. */
    async function fail(gate: Subject[], alsoCount: Subject[] = []): Promise<Refusal | null> {
      const begun = await throttle.beginLogin(gate, alsoCount);
      if (!begun.allowed) return begun;
      return begun.attempt.failed();
    }

    it("5 quick failures per email, then growing waits (1, 2, 4 minutes...), never a 15-minute wall at once", async () => {
      for (let i = 0; i < 5; i++)
        assert.equal(await fail([email("victim@example.com"), address(`10.0.0.${i}`)]), null, `failure ${i + 1}`);
      const first = await throttle.beginLogin([email("VICTIM@example.com"), address("10.9.9.9")]);
      assert.ok(!first.allowed);
      assert.equal(first.subject, "email");
      assert.equal(first.retryAfterMs, MINUTE);
      assert.equal(
        throttleMessage("login", first),
        "Too many failed log-in attempts for this email address. Try again in 1 minute.",
      );
      // A refusal counts nothing: after the wait one more attempt is allowed, then the wait doubles.
      clock.advance(MINUTE);
      assert.equal(await fail([email("victim@example.com")]), null, "failure 6, after 1 minute");
      const second = await throttle.beginLogin([email("victim@example.com")]);
      assert.ok(!second.allowed);
      assert.equal(second.retryAfterMs, 2 * MINUTE);
      clock.advance(2 * MINUTE);
      assert.equal(await fail([email("victim@example.com")]), null, "failure 7, after 2 more minutes");
      const third = await throttle.beginLogin([email("victim@example.com")]);
      assert.ok(!third.allowed);
      assert.equal(third.retryAfterMs, 4 * MINUTE);
      assert.equal(await throttle.count("login", "email", "victim@example.com"), 7);
      // Other emails were never affected.
      assert.equal((await throttle.beginLogin([email("other@example.com")])).allowed, true);
    });

    it("the waits stop growing at 15 minutes, and the streak ends an hour after its last failure", async () => {
      for (let i = 0; i < 5; i++) await fail([email("long@example.com")]);
      for (const wait of [1, 2, 4, 8, 15, 15]) {
        const refused = await throttle.beginLogin([email("long@example.com")]);
        assert.ok(!refused.allowed);
        assert.equal(refused.retryAfterMs, wait * MINUTE);
        clock.advance(wait * MINUTE);
        assert.equal(await fail([email("long@example.com")]), null);
      }
      clock.advance(60 * MINUTE);
      assert.equal(await throttle.count("login", "email", "long@example.com"), 0);
      assert.equal((await throttle.beginLogin([email("long@example.com")])).allowed, true);
      // A new streak counts from 1 again (the ended one is not carried on, even where the store still holds it).
      assert.equal(await fail([email("long@example.com")]), null);
      assert.equal(await throttle.count("login", "email", "long@example.com"), 1);
    });

    it("counts only failures: 10 parallel correct logins all go through, and count nothing", async () => {
      const begun = await Promise.all(
        Array.from({ length: 10 }, () => throttle.beginLogin([email("busy@example.com"), address("10.0.0.1")])),
      );
      assert.ok(begun.every((b) => b.allowed));
      const verdicts = await Promise.all(begun.map((b) => (b.allowed ? b.attempt.succeeded() : b)));
      assert.deepEqual(verdicts, Array(10).fill(null));
      assert.equal(await throttle.count("login", "email", "busy@example.com"), 0);
      assert.equal(await throttle.count("login", "address", "10.0.0.1"), 0);
      assert.deepEqual(await handle.store.listKeys("throttle"), [], "nothing was written");
    });

    it("a burst of parallel guesses gets no more answers than the allowance, right password or wrong", async () => {
      const begun = await Promise.all(
        Array.from({ length: 21 }, () => throttle.beginLogin([email("burst@example.com")])),
      );
      assert.ok(
        begun.every((b) => b.allowed),
        "all passed the check at once",
      );
      const attempts = begun.map((b) => (b.allowed ? b.attempt : assert.fail("refused")));
      // 20 wrong guesses are counted; only 5 learn "wrong password", the others are told to wait.
      const wrong = await Promise.all(attempts.slice(0, 20).map((a) => a.failed()));
      assert.equal(wrong.filter((r) => r === null).length, 5);
      assert.ok(wrong.filter((r) => r !== null).every((r) => r.subject === "email"));
      assert.equal(await throttle.count("login", "email", "burst@example.com"), 20);
      // The right password, checked in the same burst, is not revealed either.
      const right = await attempts[20]!.succeeded();
      assert.ok(right !== null && right.subject === "email");
    });

    it("50 failures per client address across any emails, then that address waits; others do not", async () => {
      for (let i = 0; i < 50; i++) {
        assert.equal(await fail([email(`user${i}@example.com`), address("203.0.113.7")]), null);
      }
      const refused = await throttle.beginLogin([email("fresh@example.com"), address("203.0.113.7")]);
      assert.ok(!refused.allowed);
      assert.equal(refused.subject, "address");
      assert.match(throttleMessage("login", refused), /from your network\. Try again in 1 minute\./);
      assert.equal(
        await throttle.count("login", "email", "fresh@example.com"),
        0,
        "the refusal used up nothing of the email",
      );
      assert.equal((await throttle.beginLogin([email("fresh@example.com"), address("198.51.100.1")])).allowed, true);
    });

    it("a known device has its own allowance: strangers' failures lock the email, not the owner's browser", async () => {
      for (let i = 0; i < 5; i++) await fail([email("owner@example.com"), address("198.51.100.66")]);
      assert.equal(
        (await throttle.beginLogin([email("owner@example.com"), address("203.0.113.1")])).allowed,
        false,
        "a stranger waits",
      );
      const owner = await throttle.beginLogin([device("laptop:owner@example.com")], [address("203.0.113.1")]);
      assert.ok(owner.allowed, "the owner's browser does not");
      assert.equal(await owner.attempt.succeeded(), null);
      // The owner's own typos count on the device only (and on the address), not on the stranger's count.
      assert.equal(await fail([device("laptop:owner@example.com")], [address("203.0.113.1")]), null);
      assert.equal(await throttle.count("login", "device", "laptop:owner@example.com"), 1);
      assert.equal(await throttle.count("login", "address", "203.0.113.1"), 1);
    });

    it("reset requests and sign-ups: every admitted request counts, each action on its own", async () => {
      for (let i = 0; i < 5; i++) assert.equal((await throttle.admit("reset", [email("r@example.com")])).allowed, true);
      const resetRefused = await throttle.admit("reset", [email("r@example.com")]);
      assert.ok(!resetRefused.allowed);
      assert.equal(
        throttleMessage("reset", resetRefused),
        "Too many password reset requests for this email address. Try again in 1 minute.",
      );
      assert.equal(await throttle.count("reset", "email", "r@example.com"), 5, "the refused request was not counted");
      for (let i = 0; i < 5; i++)
        assert.equal((await throttle.admit("signup", [email("r@example.com")])).allowed, true);
      const signupRefused = await throttle.admit("signup", [email("r@example.com")]);
      assert.ok(!signupRefused.allowed);
      assert.match(throttleMessage("signup", signupRefused), /^Too many sign-up attempts for this email address\./);
      // Neither touched the login limit.
      assert.equal((await throttle.beginLogin([email("r@example.com")])).allowed, true);
      clock.advance(MINUTE);
      assert.equal((await throttle.admit("reset", [email("r@example.com")])).allowed, true);
      // A parallel burst of reset requests is admitted no further than the allowance.
      const burst = await Promise.all(
        Array.from({ length: 10 }, () => throttle.admit("reset", [email("burst@example.com")])),
      );
      assert.equal(burst.filter((r) => r.allowed).length, 5);
    });

    it("stores no email or address in clear, and prunes ended streaks", async () => {
      await fail([email("secret-person@example.com"), address("192.0.2.44")]);
      const keys = await handle.store.listKeys("throttle");
      assert.equal(keys.length, 4, keys.join(", "));
      assert.ok(keys.includes(throttleKey("login", "email", "secret-person@example.com")));
      for (const key of keys) {
        assert.doesNotMatch(key, /secret-person|192\.0\.2/);
        assert.doesNotMatch(JSON.stringify(await handle.store.get(key)), /secret-person|192\.0\.2/);
      }
      if (handle.store.kind === "fs" || handle.store.kind === "memory") {
        // Records of the old format (sliding-window lists) are swept too.
        await handle.store.set("throttle:login-email-0123", { hits: [{ at: clock.now(), id: "x" }] });
        assert.equal(await throttle.pruneExpired(), 1, "only the old record: the streak is live");
        clock.advance(60 * MINUTE);
        // The last-attempt records go by the throttle's clock; the counters by the store's own (real) time,
        // so they stay until they really expire: prune them after removing the time records.
        assert.equal(await throttle.pruneExpired(), 2);
        assert.equal(await throttle.count("login", "email", "secret-person@example.com"), 0);
      }
    });
  });
}
