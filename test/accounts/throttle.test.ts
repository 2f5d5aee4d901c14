import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientAddressFrom, normalizeAddress } from "../../lib/auth/client-address";
import { describeRetry } from "../../lib/auth/throttle";
import { fsStoreFactory, memoryStoreFactory, MINUTE } from "./support";
import { throttleSuite } from "./throttle.suite";

throttleSuite("the memory store", memoryStoreFactory);
throttleSuite("the fs store", fsStoreFactory);

describe("retry messages and client addresses", () => {
  it("rounds the wait up", () => {
    assert.equal(describeRetry(1), "Try again in 1 second.");
    assert.equal(describeRetry(58_001), "Try again in 59 seconds.");
    assert.equal(describeRetry(59_001), "Try again in 1 minute.");
    assert.equal(describeRetry(60_001), "Try again in 2 minutes.");
    assert.equal(describeRetry(15 * MINUTE), "Try again in 15 minutes.");
  });

  it("takes the address the nearest proxy saw, and counts IPv6 per /64", () => {
    const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });
    assert.equal(clientAddressFrom(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" })), "203.0.113.9");
    assert.equal(clientAddressFrom(headers({ "x-forwarded-for": "::ffff:127.0.0.1" })), "127.0.0.1");
    assert.equal(clientAddressFrom(headers({ "x-real-ip": "198.51.100.2" })), "198.51.100.2");
    assert.equal(clientAddressFrom(headers({})), null);
    assert.equal(normalizeAddress("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
    assert.equal(normalizeAddress("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
    assert.equal(normalizeAddress("::1"), "0:0:0:0::/64");
    assert.equal(normalizeAddress("not an address"), null);
  });
});
