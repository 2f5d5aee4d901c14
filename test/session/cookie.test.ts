import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { sealData } from "iron-session";
import { parseConfig, parseSessionSecrets, type SessionConfig, type SessionSecrets } from "../../lib/config";
import {
  sealSessionCookie,
  sessionCookieAttributes,
  UnsealCache,
  unsealCacheFor,
  unsealSessionCookie,
  type CookiePayload,
  type UnsealFailure,
} from "../../lib/session/cookie";
import type { SessionRecord } from "../../lib/session/record";
import { generateSessionToken, hashSessionToken } from "../../lib/session/token";
import { DAY_MS } from "../support/store-helpers";

const OLD_SECRET = "old-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const NEW_SECRET = "new-secret-9876543210-zyxwvutsrqponmlkjihgfedcba";
const OTHER_SECRET = "someone-elses-secret-0123456789-abcdefghijklmno";

const secretsFrom = (value: string): SessionSecrets => ({ ...parseSessionSecrets(value), source: "SESSION_SECRET" });
const devSession: SessionConfig = parseConfig({}, "/tmp").session;

/** Unseals and collects the failure reasons the cookie layer reports. */
async function open(
  value: string,
  secrets: SessionSecrets,
  session: SessionConfig = devSession,
): Promise<{ payload: CookiePayload | null; reasons: UnsealFailure[] }> {
  const reasons: UnsealFailure[] = [];
  const payload = await unsealSessionCookie(value, secrets, session, (reason) => reasons.push(reason));
  return { payload, reasons };
}

/** Replaces the character at index with a different one of the base64url alphabet. */
function flipAt(value: string, index: number): string {
  const c = value[index]!;
  const replacement = c === "A" ? "B" : "A";
  return value.slice(0, index) + replacement + value.slice(index + 1);
}

function recordFor(token: string, now = Date.now()): SessionRecord {
  return {
    v: 1,
    id: hashSessionToken(token),
    organizerId: "organizerAAAA01",
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + 7 * DAY_MS,
    absoluteExpiresAt: now + 30 * DAY_MS,
    rememberMe: true,
    userAgent: "TestAgent/1.0",
  };
}

describe("session cookie: seal and unseal", () => {
  const secrets = secretsFrom(NEW_SECRET);

  it("round-trips a sealed token, and the seal does not show it", async () => {
    const token = generateSessionToken();
    const sealed = await sealSessionCookie({ t: token }, secrets, devSession);
    assert.ok(!sealed.includes(token), "the token is encrypted, not just signed");
    assert.ok(sealed.length < 4096);
    assert.deepEqual(await open(sealed, secrets), { payload: { t: token }, reasons: [] });
  });

  it("round-trips a sealed session record (stateless cookie mode)", async () => {
    const record = recordFor(generateSessionToken());
    const sealed = await sealSessionCookie({ r: record }, secrets, devSession);
    assert.ok(!sealed.includes("organizerAAAA01"));
    assert.deepEqual((await open(sealed, secrets)).payload, { r: record });
  });

  it("refuses a seal with any character flipped, as invalid", async () => {
    const sealed = await sealSessionCookie({ t: generateSessionToken() }, secrets, devSession);
    const parts = sealed.split("*");
    assert.ok(parts.length >= 8, `iron seal format: ${parts.length} parts`);
    // The middle of the salt, iv, ciphertext, HMAC salt and HMAC (never a segment's last character, whose
    // spare base64 bits may not change the decoded bytes).
    const offsets: number[] = [];
    let start = 0;
    parts.forEach((part, i) => {
      if ([2, 3, 4, 6, 7].includes(i) && part.length > 2) offsets.push(start + Math.floor(part.length / 2));
      start += part.length + 1;
    });
    assert.equal(offsets.length, 5);
    for (const offset of offsets) {
      const tampered = flipAt(sealed, offset);
      assert.notEqual(tampered, sealed);
      assert.deepEqual(await open(tampered, secrets), { payload: null, reasons: ["invalid"] }, `flipped at ${offset}`);
    }
  });

  it("refuses a seal with characters cut or added", async () => {
    const sealed = await sealSessionCookie({ t: generateSessionToken() }, secrets, devSession);
    // (What follows the "~" is iron-session's version marker, outside the authenticated part: left alone here.)
    const body = sealed.slice(0, sealed.indexOf("~"));
    for (const variant of [body.slice(0, -5), sealed.slice(5), `${body}x~2`, sealed.replace(/\*/, "**")]) {
      const { payload, reasons } = await open(variant, secrets);
      assert.equal(payload, null);
      assert.equal(reasons.length, 1);
    }
  });

  it("refuses garbage as invalid", async () => {
    for (const garbage of ["hello", "Fe26.2**1*a*b*c*d*e*f~2", '{"t":"abc"}', "~2", "*".repeat(20), "%00%ff"]) {
      assert.deepEqual(await open(garbage, secrets), { payload: null, reasons: ["invalid"] }, garbage);
    }
  });

  it("treats an empty value as no cookie, without reporting a failure", async () => {
    assert.deepEqual(await open("", secrets), { payload: null, reasons: [] });
  });

  it("refuses an oversized value (over 4096 bytes) before trying to unseal it", async () => {
    const sealed = await sealSessionCookie({ t: generateSessionToken() }, secrets, devSession);
    assert.deepEqual(await open(sealed + "A".repeat(4097 - sealed.length), secrets), {
      payload: null,
      reasons: ["oversized"],
    });
    assert.deepEqual(await open("x".repeat(100_000), secrets), { payload: null, reasons: ["oversized"] });
  });

  it("refuses a seal made with another secret as an unknown password", async () => {
    const foreign = await sealSessionCookie({ t: generateSessionToken() }, secretsFrom(OTHER_SECRET), devSession);
    assert.deepEqual(await open(foreign, secrets), { payload: null, reasons: ["unknown-password"] });
  });

  it("refuses a well-sealed payload that is not a session payload, as invalid", async () => {
    for (const data of [
      { t: "too-short" },
      { t: generateSessionToken(), admin: true },
      { r: { v: 1 } },
      { user: "john" },
    ]) {
      const sealed = await sealData(data, { password: secrets.seal, ttl: 3600 });
      const { payload, reasons } = await open(sealed, secrets);
      if ("admin" in data) {
        // Extra keys are dropped by the schema: only the token comes through.
        assert.deepEqual(payload, { t: data.t });
      } else {
        assert.deepEqual({ payload, reasons }, { payload: null, reasons: ["invalid"] }, JSON.stringify(data));
      }
    }
  });

  it("refuses a seal older than the absolute session limit, as expired", async () => {
    const sealed = await sealSessionCookie({ t: generateSessionToken() }, secrets, devSession);
    const realNow = Date.now();
    const clock = mock.method(Date, "now", () => realNow + devSession.absoluteMaxAgeMs - DAY_MS);
    try {
      assert.ok((await open(sealed, secrets)).payload, "still valid a day before the limit");
      clock.mock.mockImplementation(() => realNow + devSession.absoluteMaxAgeMs + DAY_MS);
      assert.deepEqual(await open(sealed, secrets), { payload: null, reasons: ["expired"] });
    } finally {
      clock.mock.restore();
    }
  });
});

describe("session cookie: the per-process unseal cache", () => {
  it("hands back the same frozen payload for the same cookie value, without unsealing again", async () => {
    const secrets = secretsFrom(NEW_SECRET);
    const sealed = await sealSessionCookie({ r: recordFor(generateSessionToken()) }, secrets, devSession);
    const first = (await open(sealed, secrets)).payload;
    assert.ok(first && "r" in first);
    assert.equal(unsealCacheFor(secrets).size, 1);
    const second = (await open(sealed, secrets)).payload;
    assert.equal(second, first, "the cached object itself");
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.r), "shared between requests, so frozen");
    assert.throws(() => {
      (first.r as { organizerId: string }).organizerId = "someone-else";
    }, TypeError);
  });

  it("does not keep failures: each bad value is unsealed and reported again", async () => {
    const secrets = secretsFrom(NEW_SECRET);
    const foreign = await sealSessionCookie({ t: generateSessionToken() }, secretsFrom(OTHER_SECRET), devSession);
    assert.deepEqual(await open(foreign, secrets), { payload: null, reasons: ["unknown-password"] });
    assert.deepEqual(await open(foreign, secrets), { payload: null, reasons: ["unknown-password"] });
    assert.equal(unsealCacheFor(secrets).size, 0);
  });

  it("is kept per set of secrets: a value accepted under one is still refused under another", async () => {
    const token = generateSessionToken();
    const old = secretsFrom(OLD_SECRET);
    const sealed = await sealSessionCookie({ t: token }, old, devSession);
    assert.deepEqual((await open(sealed, old)).payload, { t: token });
    assert.deepEqual(await open(sealed, secretsFrom(NEW_SECRET)), { payload: null, reasons: ["unknown-password"] });
  });

  it("gives up an entry at the expiry sealed into the value, so the real unseal refuses it", async () => {
    const secrets = secretsFrom(NEW_SECRET);
    const sealed = await sealSessionCookie({ t: generateSessionToken() }, secrets, devSession);
    assert.ok((await open(sealed, secrets)).payload);
    const realNow = Date.now();
    const clock = mock.method(Date, "now", () => realNow + devSession.absoluteMaxAgeMs + DAY_MS);
    try {
      assert.deepEqual(await open(sealed, secrets), { payload: null, reasons: ["expired"] });
      assert.equal(unsealCacheFor(secrets).size, 0);
    } finally {
      clock.mock.restore();
    }
  });

  it("is bounded, dropping the least recently used value first", async () => {
    const secrets = secretsFrom(NEW_SECRET);
    const [a, b, c] = await Promise.all(
      [0, 1, 2].map(() => sealSessionCookie({ t: generateSessionToken() }, secrets, devSession)),
    );
    const cache = new UnsealCache(2);
    cache.remember(a!, { t: "a".repeat(43) });
    cache.remember(b!, { t: "b".repeat(43) });
    assert.ok(cache.get(a!), "a used again: b is now the oldest");
    cache.remember(c!, { t: "c".repeat(43) });
    assert.equal(cache.size, 2);
    assert.equal(cache.get(b!), null);
    assert.deepEqual(cache.get(a!), { t: "a".repeat(43) });
    assert.deepEqual(cache.get(c!), { t: "c".repeat(43) });
  });

  it("does not keep a value without a sealed expiry", () => {
    const cache = new UnsealCache(10);
    cache.remember("Fe26.2*1*salt*iv*data**hsalt*hmac~2", { t: "a".repeat(43) });
    assert.equal(cache.size, 0);
  });
});

describe("session cookie: secret rotation", () => {
  it("still unseals a cookie sealed under the old secret while SESSION_SECRET=new,old", async () => {
    const token = generateSessionToken();
    const sealedOld = await sealSessionCookie({ t: token }, secretsFrom(OLD_SECRET), devSession);
    const rotated = secretsFrom(`${NEW_SECRET},${OLD_SECRET}`);
    assert.deepEqual((await open(sealedOld, rotated)).payload, { t: token });
    assert.equal(Object.keys(rotated.unseal).length, 2);
    assert.equal(Object.keys(rotated.seal).length, 1);
  });

  it("seals new cookies with the newest secret only", async () => {
    const token = generateSessionToken();
    const sealed = await sealSessionCookie({ t: token }, secretsFrom(`${NEW_SECRET},${OLD_SECRET}`), devSession);
    assert.deepEqual((await open(sealed, secretsFrom(NEW_SECRET))).payload, { t: token });
    assert.deepEqual(await open(sealed, secretsFrom(OLD_SECRET)), { payload: null, reasons: ["unknown-password"] });
  });

  it("identifies each secret by its content, so reordering the list does not break old cookies", async () => {
    const token = generateSessionToken();
    const sealed = await sealSessionCookie({ t: token }, secretsFrom(OLD_SECRET), devSession);
    assert.deepEqual((await open(sealed, secretsFrom(`${OLD_SECRET},${NEW_SECRET}`))).payload, { t: token });
    assert.deepEqual((await open(sealed, secretsFrom(` ${NEW_SECRET} , ${OLD_SECRET} `))).payload, { t: token });
  });

  it("no longer unseals the old cookie once the old secret is dropped", async () => {
    const sealedOld = await sealSessionCookie({ t: generateSessionToken() }, secretsFrom(OLD_SECRET), devSession);
    assert.deepEqual(await open(sealedOld, secretsFrom(NEW_SECRET)), { payload: null, reasons: ["unknown-password"] });
  });
});

describe("session cookie: attributes", () => {
  const prodSession = parseConfig({ NODE_ENV: "production" }, "/tmp").session;
  const lanSession = parseConfig({ NODE_ENV: "production", SESSION_COOKIE_SECURE: "false" }, "/tmp").session;
  const now = Date.UTC(2026, 11, 1);

  it("is HttpOnly, SameSite=Lax, Path=/ and Secure as configured", () => {
    const record = recordFor(generateSessionToken(), now);
    for (const [session, secure] of [
      [devSession, false],
      [prodSession, true],
      [lanSession, false],
      [parseConfig({ SESSION_COOKIE_SECURE: "true" }, "/tmp").session, true],
    ] as const) {
      const attributes = sessionCookieAttributes(session, record, now);
      assert.equal(attributes.httpOnly, true);
      assert.equal(attributes.sameSite, "lax");
      assert.equal(attributes.path, "/");
      assert.equal(attributes.secure, secure);
    }
  });

  it("has a maxAge following the server-side expiry with 'keep me signed in'", () => {
    const record = recordFor(generateSessionToken(), now);
    assert.equal(sessionCookieAttributes(devSession, record, now).maxAge, 7 * 24 * 60 * 60);
    assert.equal(sessionCookieAttributes(devSession, record, now + DAY_MS).maxAge, 6 * 24 * 60 * 60);
  });

  it("never has a maxAge beyond the absolute limit", () => {
    const record = {
      ...recordFor(generateSessionToken(), now),
      expiresAt: now + 7 * DAY_MS,
      absoluteExpiresAt: now + 2 * DAY_MS,
    };
    assert.equal(sessionCookieAttributes(devSession, record, now).maxAge, 2 * 24 * 60 * 60);
  });

  it("never has a negative maxAge", () => {
    const record = recordFor(generateSessionToken(), now);
    assert.equal(sessionCookieAttributes(devSession, record, now + 40 * DAY_MS).maxAge, 0);
  });

  it("is a browser-session cookie (no maxAge) without 'keep me signed in'", () => {
    const record = { ...recordFor(generateSessionToken(), now), rememberMe: false, expiresAt: now + DAY_MS };
    const attributes = sessionCookieAttributes(prodSession, record, now);
    assert.equal("maxAge" in attributes, false);
    assert.equal(attributes.secure, true);
  });
});
