import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSessionSecrets, type SessionConfig, type SessionSecrets } from "../../lib/config";
import {
  sealedWithOlderSecret,
  sealSessionCookie,
  unsealSessionCookie,
  type UnsealFailure,
} from "../../lib/session/cookie";
import { generateSessionToken } from "../../lib/session/token";

const OLD = "old-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const NEW = "new-secret-9876543210-zyxwvutsrqponmlkjihgfedcba";

const session: SessionConfig = {
  mode: "store",
  maxAgeMs: 7 * 86_400_000,
  shortMaxAgeMs: 86_400_000,
  absoluteMaxAgeMs: 30 * 86_400_000,
  cookieName: "hpp_session",
  cookieSecure: false,
};

const secrets = (value: string): SessionSecrets => ({ ...parseSessionSecrets(value), source: "SESSION_SECRET" });

describe("session secret rotation", () => {
  it("a cookie sealed under the old secret works while both are configured, and stops after the old is dropped", async () => {
    const token = generateSessionToken();
    const sealedUnderOld = await sealSessionCookie({ t: token }, secrets(OLD), session);

    // Step 1 of the procedure: the new secret first, the old one kept.
    assert.deepEqual(await unsealSessionCookie(sealedUnderOld, secrets(`${NEW},${OLD}`), session), { t: token });

    // New cookies are sealed under the new secret, which the old configuration alone cannot read.
    const sealedUnderNew = await sealSessionCookie({ t: token }, secrets(`${NEW},${OLD}`), session);
    assert.deepEqual(await unsealSessionCookie(sealedUnderNew, secrets(NEW), session), { t: token });
    assert.equal(await unsealSessionCookie(sealedUnderNew, secrets(OLD), session), null);

    // Step 2, after the overlap: the old secret removed. Its cookies are now "not signed in", never an error.
    const failures: UnsealFailure[] = [];
    assert.equal(
      await unsealSessionCookie(sealedUnderOld, secrets(NEW), session, (reason) => failures.push(reason)),
      null,
    );
    assert.deepEqual(failures, ["unknown-password"]);
  });

  it("recognises cookies sealed under an older secret, which the proxy then re-seals", async () => {
    const token = generateSessionToken();
    const sealedUnderOld = await sealSessionCookie({ t: token }, secrets(OLD), session);
    const both = secrets(`${NEW},${OLD}`);
    assert.equal(sealedWithOlderSecret(sealedUnderOld, secrets(OLD)), false);
    assert.equal(sealedWithOlderSecret(sealedUnderOld, both), true);
    const resealed = await sealSessionCookie({ t: token }, both, session);
    assert.equal(sealedWithOlderSecret(resealed, both), false);
    assert.deepEqual(await unsealSessionCookie(resealed, secrets(NEW), session), { t: token });
    assert.equal(sealedWithOlderSecret("garbage", both), false);
  });

  it("the order of the configured secrets decides which seals, not which unseals", async () => {
    const token = generateSessionToken();
    const a = await sealSessionCookie({ t: token }, secrets(`${OLD},${NEW}`), session);
    assert.deepEqual(await unsealSessionCookie(a, secrets(OLD), session), { t: token });
    assert.deepEqual(await unsealSessionCookie(a, secrets(`${NEW},${OLD}`), session), { t: token });
  });

  it("refuses secrets shorter than 32 characters, naming the entry", () => {
    assert.throws(() => parseSessionSecrets(`${NEW},too-short`), /\(entry 2\) must be at least 32 characters/);
  });
});
