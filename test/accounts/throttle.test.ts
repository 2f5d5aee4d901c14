import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientAddressFrom, normalizeAddress } from "../../lib/security/client-address";
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

  const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });

  it("with proxies declared (TRUSTED_PROXY_HOPS=N), takes the N-th X-Forwarded-For entry from the right", () => {
    const one = { kind: "forwarded-for", hops: 1 } as const;
    const two = { kind: "forwarded-for", hops: 2 } as const;
    assert.equal(clientAddressFrom(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), one), "203.0.113.9");
    assert.equal(
      clientAddressFrom(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }), two),
      "203.0.113.9",
    );
    assert.equal(clientAddressFrom(headers({ "x-forwarded-for": "::ffff:127.0.0.1" }), one), "127.0.0.1");
    assert.equal(clientAddressFrom(headers({ "x-forwarded-for": "203.0.113.9:51234" }), one), "203.0.113.9");
    assert.equal(clientAddressFrom(headers({ "x-forwarded-for": "[2001:db8::1]:443" }), one), "2001:db8:0:0::/64");
    // Missing, too short or unparseable: null (the caller's one shared bucket), never a client-chosen value.
    assert.equal(clientAddressFrom(headers({}), one), null);
    assert.equal(clientAddressFrom(headers({ "x-forwarded-for": "garbage" }), one), null);
    assert.equal(clientAddressFrom(headers({ "x-forwarded-for": "203.0.113.9" }), two), null);
    assert.equal(clientAddressFrom(headers({ "x-forwarded-for": "203.0.113.9, " }), one), null);
    assert.equal(
      clientAddressFrom(headers({ "x-real-ip": "198.51.100.2" }), one),
      null,
      "x-real-ip is not trusted off Vercel",
    );
  });

  it("by default (no proxy) ignores X-Forwarded-For and needs the socket address stamped by the server hook", () => {
    // Without the hook installed in this process, nothing is trusted: the shared bucket.
    assert.equal(
      clientAddressFrom(headers({ "x-forwarded-for": "203.0.113.9", "x-hpp-peer-address": "198.51.100.9" }), {
        kind: "socket",
      }),
      null,
    );
  });

  it("on Vercel, takes the platform's header", () => {
    const vercel = { kind: "vercel" } as const;
    assert.equal(
      clientAddressFrom(headers({ "x-vercel-forwarded-for": "198.51.100.2", "x-forwarded-for": "6.6.6.6" }), vercel),
      "198.51.100.2",
    );
    assert.equal(clientAddressFrom(headers({ "x-real-ip": "198.51.100.3" }), vercel), "198.51.100.3");
    assert.equal(clientAddressFrom(headers({}), vercel), null);
  });

  it("counts IPv6 per /64", () => {
    assert.equal(normalizeAddress("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
    assert.equal(normalizeAddress("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
    assert.equal(normalizeAddress("::1"), "0:0:0:0::/64");
    assert.equal(normalizeAddress("not an address"), null);
  });
});
