import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import {
  commandStats,
  deleteKeysWithPrefix,
  findTestRedis,
  keysWithPrefix,
  redisRequired,
  redisServerBinary,
  resetCommandStats,
  startPrivateRedis,
  uniquePrefix,
  watchCommands,
  type PrivateRedis,
  type TestRedis,
} from "../support/redis";
import { spawnUpstashShim, type ShimProcess } from "../support/upstash-shim";
import { startApp, type AppServer } from "./support/app-server";
import { expectDashboard, expectLoginPage, logIn, PROD_COOKIE, sessionCookie } from "./support/helpers";

// Production stores end to end: `next start` on Redis (ioredis) and on Upstash (@upstash/redis through the
// REST shim), real browser, real restarts of the app and of Redis itself.

// The promise with Redis down is an answer within 2 s. Measured here only as an upper bound of one
// request: a behaviour requirement, not a benchmark.
const ANSWER_WITHIN_MS = 2_000;

let shared: TestRedis | null = null;
test.beforeAll(async () => {
  shared = await findTestRedis();
  if (!redisServerBinary() && redisRequired())
    throw new Error("REQUIRE_REDIS is set and redis-server is not installed");
  if (!shared && redisRequired()) throw new Error("REQUIRE_REDIS is set and no Redis is available");
  if (!shared || !redisServerBinary()) {
    console.warn(
      `\n${"!".repeat(100)}\n!!! SKIPPING e2e/redis.spec.ts: no Redis or no redis-server binary\n${"!".repeat(100)}\n`,
    );
  }
});

// Every app a test starts, so that a failing test shows what the servers printed.
const started: AppServer[] = [];
async function launch(options: Parameters<typeof startApp>[0]): Promise<AppServer> {
  const server = await startApp(options);
  started.push(server);
  return server;
}
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    for (const [i, server] of started.entries()) {
      await testInfo.attach(`app-${i}-${server.port}.log`, { body: server.output(), contentType: "text/plain" });
    }
  }
  started.length = 0;
});

function requireRedis(): TestRedis {
  test.skip(!shared || !redisServerBinary(), "no Redis / redis-server available");
  return shared!;
}

/** A session cookie replayed by hand, outside the browser: what a stolen or stale copy would get. */
async function statusWithCookie(app: AppServer, value: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${app.url}/organizer`, {
    headers: { cookie: `${PROD_COOKIE}=${value}` },
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("location") };
}

async function logOut(page: Page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await expectLoginPage(page);
}

async function waitForHealth(app: AppServer, status: number) {
  await expect
    .poll(async () => (await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(5_000) })).status, {
      timeout: 15_000,
    })
    .toBe(status);
}

test("a full login, dashboard, reload and logout on Redis issues no SCAN or KEYS; the password is never logged", async ({
  page,
  context,
}) => {
  requireRedis();
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const prefix = uniquePrefix("e2e-stats");
  let redis: PrivateRedis | undefined;
  let app: AppServer | undefined;
  try {
    // A private server: INFO commandstats counts every client of a server, so the shared one would not do.
    redis = await startPrivateRedis({ password });
    app = await launch({ env: { REDIS_URL: redis.url, STORE_KEY_PREFIX: prefix } });
    await resetCommandStats(redis.url);

    await page.goto(`${app.url}/organizer`);
    await expectLoginPage(page);
    await logIn(page, app.url);
    await expectDashboard(page, app.url);
    await expect(page.getByText("Welcome back, John!")).toBeVisible();
    await page.reload();
    await expectDashboard(page, app.url);

    // One dashboard request reads the session record once: proxy.ts validates it against the store and hands
    // it to the page, which does not read it again. The browser is parked on about:blank so that none of its
    // own requests (prefetches) are counted.
    const cookie = await sessionCookie(context);
    expect(cookie).toBeDefined();
    await page.goto("about:blank");
    const watch = await watchCommands(redis.url);
    const requests = 5;
    for (let i = 0; i < requests; i++) {
      const response = await fetch(`${app.url}/organizer`, {
        headers: { cookie: `${PROD_COOKIE}=${cookie!.value}` },
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("John Smith");
    }
    const commands = await watch.stop();
    const sessionReads = commands.filter(
      ([name, key]) => name?.toLowerCase() === "get" && key?.startsWith(`${prefix}:sessions:`),
    );
    expect(commands.length, "MONITOR saw the requests' commands").toBeGreaterThan(requests * 3);
    expect(sessionReads.length, JSON.stringify(sessionReads)).toBe(requests);
    await page.goto(`${app.url}/organizer`);
    await expectDashboard(page, app.url);

    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", store: "redis" });
    await logOut(page);
    expect(await sessionCookie(context)).toBeUndefined();
    await page.goto(`${app.url}/organizer`);
    await expectLoginPage(page);

    const stats = await commandStats(redis.url);
    // The flow really ran on this server (the check below is not vacuous)...
    expect(stats.get ?? 0).toBeGreaterThan(3);
    expect(stats.set ?? 0).toBeGreaterThan(0);
    expect(stats.sadd ?? 0).toBeGreaterThan(0);
    expect(stats.srem ?? 0).toBeGreaterThan(0);
    // ...and never walked the keyspace.
    expect(stats.scan ?? 0, JSON.stringify(stats)).toBe(0);
    expect(stats.keys ?? 0, JSON.stringify(stats)).toBe(0);

    // Logged once at start, password masked, and the password nowhere in the output.
    const output = app.output();
    const storeLines = output.split("\n").filter((line) => line.includes(`prefix ${prefix}:`));
    expect(storeLines).toHaveLength(1);
    expect(storeLines[0]).toContain(`[startup] store: redis (redis://:****@127.0.0.1:${redis.port}`);
    expect(output).not.toContain(password);
  } finally {
    await app?.stop();
    await redis?.dispose();
  }
});

test("two instances on one Redis share sessions, survive a restart of both, and a logout on one ends it on the other", async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const redis = requireRedis();
  const prefix = uniquePrefix("e2e-multi");
  const env = {
    REDIS_URL: redis.url,
    STORE_KEY_PREFIX: prefix,
    // Same secret for both (startApp sets SESSION_SECRET) and the same Server Actions key, as the README says.
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  let a: AppServer | undefined;
  let b: AppServer | undefined;
  try {
    a = await launch({ env });
    b = await launch({ env, seed: false });
    expect(a.port).not.toBe(b.port);

    await logIn(page, a.url);
    await expectDashboard(page, a.url);
    const cookie = (await sessionCookie(context))!.value;
    // Cookies are per host, not per port: the browser sends the same cookie to B, and B knows the session.
    await page.goto(`${b.url}/organizer`);
    await expectDashboard(page, b.url);

    await a.restart();
    await b.restart();
    await page.goto(`${a.url}/organizer`);
    await expectDashboard(page, a.url);
    await page.goto(`${b.url}/organizer`);
    await expectDashboard(page, b.url);
    expect((await sessionCookie(context))!.value).toBe(cookie);
    expect(await statusWithCookie(a, cookie)).toMatchObject({ status: 200 });

    await logOut(page);
    // The same cookie, replayed on A after the logout on B: the session is gone on the server, not just in
    // this browser.
    const replay = await statusWithCookie(a, cookie);
    expect(replay.status).toBe(303);
    expect(replay.location).toContain("/organizer/login");
    expect((await keysWithPrefix(redis.url, prefix)).filter((k) => k.startsWith(`${prefix}:sessions:`))).toEqual([]);
  } finally {
    await a?.stop();
    await b?.stop();
    await deleteKeysWithPrefix(redis.url, prefix);
  }
});

test("Redis stopped mid-session: 503 page within 2 s for pages and actions, session kept, back without an app restart", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(180_000);
  requireRedis();
  const prefix = uniquePrefix("e2e-down");
  let redis: PrivateRedis | undefined;
  let app: AppServer | undefined;
  try {
    redis = await startPrivateRedis({ persistent: true });
    app = await launch({ env: { REDIS_URL: redis.url, STORE_KEY_PREFIX: prefix } });
    await logIn(page, app.url);
    await expectDashboard(page, app.url);
    const cookie = (await sessionCookie(context))!;
    // A second browser without JavaScript, on the same session, with the dashboard (and its logout form) open.
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    await noJs.addCookies([cookie]);
    const noJsPage = await noJs.newPage();
    await noJsPage.goto(`${app.url}/organizer`);
    await expectDashboard(noJsPage, app.url);

    await redis.stop();

    // A page.
    let started = Date.now();
    const pageResponse = await page.goto(`${app.url}/organizer`);
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(pageResponse!.status()).toBe(503);
    await expect(page.getByRole("heading", { name: "Service temporarily unavailable" })).toBeVisible();
    await expect(page.getByText("You are still signed in")).toBeVisible();
    expect(pageResponse!.headers()["set-cookie"]).toBeUndefined();

    // A Server Action (the logout form, posted without JavaScript): the 503 page, and no logout.
    started = Date.now();
    const [actionResponse] = await Promise.all([
      noJsPage.waitForResponse((r) => r.request().method() === "POST"),
      noJsPage.getByRole("button", { name: "Log out" }).click(),
    ]);
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(actionResponse.status()).toBe(503);
    expect(actionResponse.headers()["set-cookie"]).toBeUndefined();
    await expect(noJsPage.getByRole("heading", { name: "Service temporarily unavailable" })).toBeVisible();

    // The health check says so.
    started = Date.now();
    const health = await fetch(`${app.url}/api/health`);
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "unavailable", store: "redis" });

    // The login page still renders (also for the signed-in browser), and a login attempt says why it fails.
    const loginResponse = await page.goto(`${app.url}/organizer/login`);
    expect(loginResponse!.status()).toBe(200);
    await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
    const fresh = await browser.newContext();
    const freshPage = await fresh.newPage();
    await logIn(freshPage, app.url);
    await expect(freshPage.locator(".alert.error")).toContainText("session service is unavailable");
    expect(await sessionCookie(fresh)).toBeUndefined();
    await fresh.close();

    // Nobody was signed out: both browsers still hold the very same cookie.
    expect((await sessionCookie(context))?.value).toBe(cookie.value);
    expect((await sessionCookie(noJs))?.value).toBe(cookie.value);

    // Redis comes back on the same port with its data; the app is not restarted.
    await redis.start();
    await waitForHealth(app, 200);
    await page.goto(`${app.url}/organizer`);
    await expectDashboard(page, app.url);
    await noJsPage.goto(`${app.url}/organizer`);
    await expectDashboard(noJsPage, app.url);
    expect((await sessionCookie(context))?.value).toBe(cookie.value);
    await noJs.close();
    expect(app.output()).toContain("store unavailable, answering 503");
  } finally {
    await app?.stop();
    await redis?.dispose();
  }
});

test("the same flow on Upstash (REST, @upstash/redis) with /api/health reporting upstash", async ({
  page,
  context,
}) => {
  const redis = requireRedis();
  const prefix = uniquePrefix("e2e-upstash");
  const token = randomBytes(24).toString("base64url");
  let shim: ShimProcess | undefined;
  let app: AppServer | undefined;
  try {
    // Its own process: startApp seeds with spawnSync, which would block an in-process shim.
    shim = await spawnUpstashShim({ redisUrl: redis.url, token });
    app = await launch({
      env: { UPSTASH_REDIS_REST_URL: shim.url, UPSTASH_REDIS_REST_TOKEN: token, STORE_KEY_PREFIX: prefix },
    });
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", store: "upstash" });

    await page.goto(`${app.url}/organizer`);
    await expectLoginPage(page);
    await logIn(page, app.url);
    await expectDashboard(page, app.url);
    await expect(page.getByText("Welcome back, John!")).toBeVisible();
    const sessionKeys = (await keysWithPrefix(redis.url, prefix)).filter((k) => k.startsWith(`${prefix}:sessions:`));
    expect(sessionKeys).toHaveLength(1);
    await page.reload();
    await expectDashboard(page, app.url);
    await logOut(page);
    expect(await sessionCookie(context)).toBeUndefined();
    expect((await keysWithPrefix(redis.url, prefix)).filter((k) => k.startsWith(`${prefix}:sessions:`))).toEqual([]);

    const output = app.output();
    expect(output.split("\n").filter((l) => l.includes("[startup] store: upstash"))).toHaveLength(1);
    expect(output).not.toContain(token);
  } finally {
    await app?.stop();
    await shim?.stop();
    await deleteKeysWithPrefix(redis.url, prefix);
  }
});
