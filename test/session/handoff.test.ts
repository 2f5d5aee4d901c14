import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSessionSecrets, type SessionSecrets } from "../../lib/config";
import { openSessionHandoff, sealSessionHandoff } from "../../lib/session/handoff";
import type { SessionRecord } from "../../lib/session/record";
import { generateSessionToken, hashSessionToken } from "../../lib/session/token";

const secrets = (value: string): SessionSecrets => ({ ...parseSessionSecrets(value), source: "SESSION_SECRET" });
const SECRETS = secrets("handoff-secret-0123456789-abcdefghijklmnopqrstuvwxyz");
const COOKIE = "Fe26.2*1*salt*iv*data*1795444279901*hsalt*hmac~2";
const NOW = Date.UTC(2026, 11, 1, 12);

function record(): SessionRecord {
  return {
    v: 1,
    id: hashSessionToken(generateSessionToken()),
    organizerId: "organizerAAAA01",
    createdAt: NOW - 1000,
    lastSeenAt: NOW - 1000,
    expiresAt: NOW + 86_400_000,
    absoluteExpiresAt: NOW + 30 * 86_400_000,
    rememberMe: true,
    userAgent: "TestAgent/1.0",
  };
}

describe("session handoff from proxy.ts to the render", () => {
  it("hands over the record the proxy validated, for the same cookie, moments later", () => {
    const session = record();
    const header = sealSessionHandoff(SECRETS, COOKIE, session, NOW);
    assert.deepEqual(openSessionHandoff(SECRETS, header, COOKIE, NOW + 50), session);
  });

  it("is refused for another cookie value (the cookie changed within the request, or was swapped)", () => {
    const header = sealSessionHandoff(SECRETS, COOKIE, record(), NOW);
    assert.equal(openSessionHandoff(SECRETS, header, `${COOKIE}x`, NOW), null);
    assert.equal(openSessionHandoff(SECRETS, header, undefined, NOW), null);
    assert.equal(openSessionHandoff(SECRETS, header, "", NOW), null);
  });

  it("is refused when older than 30 seconds (no replay of an earlier request's header)", () => {
    const header = sealSessionHandoff(SECRETS, COOKIE, record(), NOW);
    assert.ok(openSessionHandoff(SECRETS, header, COOKIE, NOW + 29_000));
    assert.equal(openSessionHandoff(SECRETS, header, COOKIE, NOW + 31_000), null);
    assert.equal(openSessionHandoff(SECRETS, header, COOKIE, NOW - 31_000), null);
  });

  it("cannot be forged: a changed record, a changed MAC or another secret's MAC is refused", () => {
    const session = record();
    const header = sealSessionHandoff(SECRETS, COOKIE, session, NOW);
    const [body, mac] = header.split(".") as [string, string];
    const decoded = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    decoded.r.organizerId = "someone-else";
    const forgedBody = Buffer.from(JSON.stringify(decoded)).toString("base64url");
    assert.equal(openSessionHandoff(SECRETS, `${forgedBody}.${mac}`, COOKIE, NOW), null);
    const flipped = (mac[0] === "A" ? "B" : "A") + mac.slice(1);
    assert.equal(openSessionHandoff(SECRETS, `${body}.${flipped}`, COOKIE, NOW), null);
    const foreign = sealSessionHandoff(
      secrets("another-secret-0123456789-abcdefghijklmnopqrstuv"),
      COOKIE,
      session,
      NOW,
    );
    assert.equal(openSessionHandoff(SECRETS, foreign, COOKIE, NOW), null);
  });

  it("refuses garbage and absent headers", () => {
    for (const garbage of [null, undefined, "", ".", "abc", "abc.def", `.${"A".repeat(43)}`, "e30.AAAA"]) {
      assert.equal(openSessionHandoff(SECRETS, garbage, COOKIE, NOW), null, String(garbage));
    }
  });

  it("refuses a well-signed body that is not a session record", () => {
    // Signed with the right key but shaped wrong: only reachable through a bug, still never believed.
    const header = sealSessionHandoff(SECRETS, COOKIE, { ...record(), id: "not-a-hash" }, NOW);
    assert.equal(openSessionHandoff(SECRETS, header, COOKIE, NOW), null);
  });
});
