import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { resetConfigForTests } from "../../lib/config";
import { buildSessionCookie, expiredSessionCookie, resolveSessionCookie } from "../../lib/session/resolve";
import { getSessionManager, resetSessionManagerForTests } from "../../lib/session/service";
import { createMemoryStore, setStoreForTests } from "../../lib/storage";
import { DAY_MS } from "../support/store-helpers";

// The whole read path as proxy.ts and Server Components use it: cookie value -> unseal -> token hash -> store.

const SECRET = "resolve-test-secret-0123456789-abcdefghijklmnop";
const saved = { ...process.env };

function useEnv(env: Record<string, string>): void {
  for (const key of [
    "SESSION_SECRET",
    "SESSION_STORE",
    "NODE_ENV",
    "REDIS_URL",
    "UPSTASH_REDIS_REST_URL",
    "KV_REST_API_URL",
  ]) {
    delete process.env[key];
  }
  Object.assign(process.env, { NODE_ENV: "test", SESSION_SECRET: SECRET }, env);
  resetConfigForTests();
  resetSessionManagerForTests();
  setStoreForTests(createMemoryStore());
}

afterEach(() => {
  process.env = { ...saved };
  resetConfigForTests();
  resetSessionManagerForTests();
  setStoreForTests(undefined);
});

describe("resolveSessionCookie (store mode)", () => {
  beforeEach(() => useEnv({}));

  it("resolves the cookie of a new session to its record", async () => {
    const { token, session } = await getSessionManager().createSession({
      organizerId: "organizerAAAA01",
      rememberMe: true,
    });
    const cookie = await buildSessionCookie({ t: token }, session);
    assert.equal(cookie.name, "hpp_session");
    assert.ok(!cookie.value.includes(token));
    assert.equal(cookie.attributes.httpOnly, true);
    const resolved = await resolveSessionCookie(cookie.value);
    assert.deepEqual(resolved?.session, session);
  });

  it("makes the old cookie worthless once the session is invalidated (server-side logout)", async () => {
    const manager = getSessionManager();
    const { token, session } = await manager.createSession({ organizerId: "organizerAAAA01", rememberMe: true });
    const cookie = await buildSessionCookie({ t: token }, session);
    await manager.invalidateSession(session, "logout");
    assert.equal(await resolveSessionCookie(cookie.value), null);
  });

  it("resolves missing, empty, tampered and foreign cookies to no session", async () => {
    const { token, session } = await getSessionManager().createSession({
      organizerId: "organizerAAAA01",
      rememberMe: false,
    });
    const { value } = await buildSessionCookie({ t: token }, session);
    const mid = Math.floor(value.length / 2);
    const tampered = value.slice(0, mid) + (value[mid] === "A" ? "B" : "A") + value.slice(mid + 1);
    for (const candidate of [undefined, "", tampered, "garbage", "x".repeat(5000), token]) {
      assert.equal(await resolveSessionCookie(candidate), null, String(candidate).slice(0, 30));
    }
  });

  it("ignores a stateless record cookie when sessions live in the store", async () => {
    const manager = getSessionManager();
    const record = manager.buildRecord("a".repeat(64), { organizerId: "organizerAAAA01", rememberMe: true });
    const { value } = await buildSessionCookie({ r: record }, record);
    assert.equal(await resolveSessionCookie(value), null);
  });

  it("clears the cookie with the attributes it was set with", () => {
    const cookie = expiredSessionCookie();
    assert.deepEqual(cookie, {
      name: "hpp_session",
      value: "",
      attributes: { httpOnly: true, sameSite: "lax", secure: false, path: "/", maxAge: 0 },
    });
  });
});

describe("resolveSessionCookie (SESSION_STORE=cookie)", () => {
  beforeEach(() => useEnv({ SESSION_STORE: "cookie" }));

  it("resolves a sealed record without any store", async () => {
    const record = getSessionManager().buildRecord("b".repeat(64), {
      organizerId: "organizerAAAA01",
      rememberMe: true,
    });
    const { value } = await buildSessionCookie({ r: record }, record);
    assert.deepEqual((await resolveSessionCookie(value))?.session, record);
  });

  it("refuses a sealed record past its server-side expiry", async () => {
    const manager = getSessionManager();
    const record = manager.buildRecord("c".repeat(64), { organizerId: "organizerAAAA01", rememberMe: false });
    const stale = { ...record, expiresAt: Date.now() - 1, createdAt: Date.now() - 2 * DAY_MS };
    const { value } = await buildSessionCookie({ r: stale }, stale);
    assert.equal(await resolveSessionCookie(value), null);
  });

  it("refuses a store-mode token cookie", async () => {
    const record = getSessionManager().buildRecord("d".repeat(64), {
      organizerId: "organizerAAAA01",
      rememberMe: true,
    });
    const { value } = await buildSessionCookie({ t: "A".repeat(43) }, record);
    assert.equal(await resolveSessionCookie(value), null);
  });
});
