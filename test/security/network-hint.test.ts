import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { networkHint, normalizeAddress } from "../../lib/security/client-address";
import { createSessionManager } from "../../lib/session/manager";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { TEST_POLICY } from "../session/session-suite";
import { FakeClock } from "../support/store-helpers";

// Issue 15 item 13: two sessions of the same browser are told apart on the sessions page by where they
// signed in from, without showing a full address.
describe("the network a session signed in from", () => {
  const hint = (raw: string) => networkHint(normalizeAddress(raw) ?? "unknown");

  it("is the /24 of an IPv4 address and the /64 of an IPv6 one", () => {
    assert.equal(hint("203.0.113.9"), "203.0.113.x");
    assert.equal(hint("::ffff:10.1.2.3"), "10.1.2.x");
    assert.equal(hint("2001:db8:1:2::5"), "2001:db8:1:2::/64");
  });

  it("names loopback as this computer, and says nothing for an unknown address", () => {
    assert.equal(hint("127.0.0.1"), "this computer");
    assert.equal(hint("::1"), "this computer");
    assert.equal(networkHint("unknown"), null);
  });

  it("is kept in the session record, which stays valid without one", async () => {
    const manager = createSessionManager({ store: createMemoryStore(), policy: TEST_POLICY, clock: new FakeClock() });
    const withNetwork = await manager.createSession({ organizerId: "org1", rememberMe: true, network: "203.0.113.x" });
    assert.equal(withNetwork.session.network, "203.0.113.x");
    const without = await manager.createSession({ organizerId: "org1", rememberMe: true });
    assert.equal(without.session.network, undefined);
    assert.equal((await manager.validateSessionToken(without.token))?.organizerId, "org1");
  });
});
