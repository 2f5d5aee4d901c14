import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  deviceKeys,
  knowsAccount,
  newDevice,
  readDevice,
  sealDevice,
  withAccount,
  DEVICE_MAX_ACCOUNTS,
} from "../../lib/auth/device";
import { delayAfter, liveCount, retryAt, withinAllowance, type BackoffRule } from "../../lib/auth/throttle-policy";
import { THROTTLE_RULES } from "../../lib/auth/throttle";
import { manualClock, MINUTE } from "./support";

// Issue 13, item 4: growing delays per account instead of a 15-minute wall, and a known device's own allowance.
// The policy is pure: its clock is an argument.

const rule: BackoffRule = { free: 5, firstDelayMs: MINUTE, maxDelayMs: 15 * MINUTE, resetAfterMs: 60 * MINUTE };

describe("the back-off policy", () => {
  it("lets the free attempts through, then doubles the wait from 1 minute up to 15", () => {
    assert.deepEqual(
      Array.from({ length: 11 }, (_, count) => delayAfter(rule, count) / MINUTE),
      [0, 0, 0, 0, 0, 1, 2, 4, 8, 15, 15],
    );
    assert.equal(delayAfter(rule, 10_000), 15 * MINUTE, "no overflow for huge counts");
  });

  it("a streak's wait is measured from its last attempt, by the injected clock", () => {
    const clock = manualClock();
    const last = clock.now();
    assert.equal(retryAt(rule, { count: 4, lastAt: last }, clock.now()), null, "4 failures: no wait");
    assert.equal(retryAt(rule, { count: 5, lastAt: last }, clock.now()), last + MINUTE);
    clock.advance(MINUTE - 1);
    assert.equal(retryAt(rule, { count: 5, lastAt: last }, clock.now()), last + MINUTE);
    clock.advance(1);
    assert.equal(retryAt(rule, { count: 5, lastAt: last }, clock.now()), null, "exactly when the wait is over");
    assert.equal(retryAt(rule, { count: 8, lastAt: last }, clock.now()), last + 8 * MINUTE);
  });

  it("a streak ends an hour after its last attempt; no time recorded means no streak", () => {
    const clock = manualClock();
    const last = clock.now();
    assert.equal(liveCount(rule, { count: 9, lastAt: last }, clock.now() + 60 * MINUTE - 1), 9);
    assert.equal(liveCount(rule, { count: 9, lastAt: last }, clock.now() + 60 * MINUTE), 0);
    assert.equal(liveCount(rule, { count: 9, lastAt: null }, clock.now()), 0);
  });

  it("a last attempt stamped in the future (another instance's clock) waits no longer than one stamped now", () => {
    const now = manualClock().now();
    assert.equal(retryAt(rule, { count: 5, lastAt: now + 10 * MINUTE }, now), now + MINUTE);
  });

  it("of a burst that passed the check together, only the allowance's worth stays within it", () => {
    // Checked with 0 live attempts; counted as 1..8: the first five are free.
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => withinAllowance(rule, 0, n)),
      [true, true, true, true, true, false, false, false],
    );
    // Checked with 5 live attempts after the wait: the one counted as the 6th is the one allowed, the 7th is not.
    assert.equal(withinAllowance(rule, 5, 6), true);
    assert.equal(withinAllowance(rule, 5, 7), false);
  });

  it("uses these rules: per account 5 then 1-15 minutes; per address 50", () => {
    assert.deepEqual(THROTTLE_RULES.login.email, rule);
    assert.deepEqual(THROTTLE_RULES.login.device, rule);
    assert.equal(THROTTLE_RULES.login.address!.free, 50);
    assert.ok(THROTTLE_RULES.login.address!.resetAfterMs > THROTTLE_RULES.login.address!.maxDelayMs);
  });
});

describe("the device cookie", () => {
  const keys = deviceKeys(["first secret, at least 32 characters long!"]);

  it("round-trips a device and the accounts it signed in to, without the emails in clear", () => {
    const device = withAccount(withAccount(newDevice(), "Owner@Example.com"), "other@example.com");
    const value = sealDevice(device, keys);
    assert.doesNotMatch(Buffer.from(value.split(".")[1]!, "base64url").toString(), /example\.com/);
    const read = readDevice(value, keys);
    assert.deepEqual(read, device);
    assert.equal(knowsAccount(read, "owner@example.com"), true, "case-insensitive");
    assert.equal(knowsAccount(read, "stranger@example.com"), false);
    assert.equal(knowsAccount(null, "owner@example.com"), false);
  });

  it("refuses anything forged, tampered, foreign or malformed", () => {
    const value = sealDevice(withAccount(newDevice(), "owner@example.com"), keys);
    const [v, payload, mac] = value.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ id: "A".repeat(22), a: [] })).toString("base64url");
    for (const bad of [
      undefined,
      "",
      "garbage",
      `${v}.${payload}`,
      `${v}.${forgedPayload}.${mac}`,
      `${v}.${payload}.${mac!.slice(0, -2)}AA`,
      `v2.${payload}.${mac}`,
      `${value}.extra`,
      "x".repeat(5000),
    ]) {
      assert.equal(readDevice(bad, keys), null, String(bad).slice(0, 40));
    }
    assert.equal(readDevice(value, deviceKeys(["another secret, at least 32 characters long"])), null);
  });

  it("keeps working across a secret rotation (any configured secret verifies)", () => {
    const old = deviceKeys(["old secret, at least 32 characters long!!"]);
    const value = sealDevice(withAccount(newDevice(), "owner@example.com"), old);
    const rotated = deviceKeys([
      "new secret, at least 32 characters long!!",
      "old secret, at least 32 characters long!!",
    ]);
    assert.equal(knowsAccount(readDevice(value, rotated), "owner@example.com"), true);
  });

  it("remembers at most the latest accounts", () => {
    let device = newDevice();
    for (let i = 0; i < DEVICE_MAX_ACCOUNTS + 3; i++) device = withAccount(device, `user${i}@example.com`);
    assert.equal(device.tags.length, DEVICE_MAX_ACCOUNTS);
    assert.equal(knowsAccount(device, "user0@example.com"), false);
    assert.equal(knowsAccount(device, `user${DEVICE_MAX_ACCOUNTS + 2}@example.com`), true);
    assert.ok(readDevice(sealDevice(device, keys), keys));
  });
});
