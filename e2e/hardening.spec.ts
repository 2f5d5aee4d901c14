import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { HOSTILE_NEXT_VALUES, isOnSiteLocation } from "../test/support/hostile-redirects";
import { startApp, tempDataDir, type AppServer } from "./support/app-server";
import { expectLoginPage, JOHN, logIn, PROD_COOKIE } from "./support/helpers";
import {
  cookieFrom,
  formFields,
  loginOutcome,
  loginPoster,
  logInOverHttp,
  postForm,
  rawRequest,
  type HttpAnswer,
} from "./support/http";
import { createOrganizer, JANE } from "./support/party";

const DEVICE_COOKIE = "__Secure-hpp_device";
const INVALID = "Invalid email or password";
const TOO_MANY_FOR_EMAIL =
  /^Too many failed log-in attempts for this email address\. Try again in \d+ (second|minute)s?\.$/;

// Issue 13 (hardening), over real HTTP against `next start`: what an attacker's script would send.

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach("app.log", { body: app.output(), contentType: "text/plain" });
  }
});

test("open redirect: neither the signed-in login page nor the login action ever answers a Location off the site", async () => {
  test.setTimeout(180_000);
  const login = await logInOverHttp(app.url);
  expect(login.status).toBe(303);
  const session = cookieFrom(login, PROD_COOKIE);
  expect(session).toBeDefined();

  for (const next of HOSTILE_NEXT_VALUES) {
    // The page: a signed-in visitor is sent on at once.
    const page = await rawRequest(`${app.url}/organizer/login?next=${encodeURIComponent(next)}`, {
      headers: { cookie: session! },
    });
    expect([303, 307, 308], `page with next=${JSON.stringify(next)}`).toContain(page.status);
    expect(
      isOnSiteLocation(page.location ?? "", app.url),
      `page with next=${JSON.stringify(next)}: Location ${page.location}`,
    ).toBe(true);
  }
  // The action: a correct login with the hostile value in the form's `next` field. Run against one address each
  // (logins are throttled per address only when they fail, and these succeed).
  for (const next of HOSTILE_NEXT_VALUES) {
    const answer = await logInOverHttp(app.url, {}, { next });
    expect(answer.status, `action with next=${JSON.stringify(next)}`).toBe(303);
    expect(
      isOnSiteLocation(answer.location ?? "", app.url),
      `action with next=${JSON.stringify(next)}: Location ${answer.location}`,
    ).toBe(true);
  }
  // A harmless next still works both ways.
  const page = await rawRequest(`${app.url}/organizer/login?next=${encodeURIComponent("/organizer/guests")}`, {
    headers: { cookie: session! },
  });
  expect(page.location).toBe("/organizer/guests");
  const action = await logInOverHttp(app.url, {}, { next: "/organizer/guests?x=1" });
  expect(action.location).toBe("/organizer/guests?x=1");
});

test("10 concurrent correct logins for one account all succeed", async () => {
  const post = await loginPoster(app.url);
  const answers = await Promise.all(Array.from({ length: 10 }, () => post(JOHN)));
  expect(answers.map((a) => loginOutcome(a, PROD_COOKIE))).toEqual(Array(10).fill("ok"));
});

test("an attacker's failures lock the account for strangers, while the owner's browser with its device cookie still signs in", async ({
  browser,
}) => {
  // The owner signs in once on their laptop: it gets the device cookie.
  const laptop = await browser.newContext();
  const stranger = await browser.newContext();
  try {
    const page = await laptop.newPage();
    await logIn(page, app.url, JANE);
    await expect(page.getByTestId("organizer-name")).toHaveText(JANE.name);
    await page.getByRole("button", { name: "Log out" }).click();
    await expectLoginPage(page);

    // An attacker elsewhere guesses: five wrong answers, then a wait.
    const post = await loginPoster(app.url);
    for (let i = 1; i <= 5; i++)
      expect(loginOutcome(await post({ email: JANE.email, password: `guess-${i}` }), PROD_COOKIE)).toBe(INVALID);
    expect(loginOutcome(await post({ email: JANE.email, password: "guess-6" }), PROD_COOKIE)).toMatch(
      TOO_MANY_FOR_EMAIL,
    );
    // Even with the right password, a browser that never signed in to this account waits too...
    expect(loginOutcome(await post(JANE), PROD_COOKIE)).toMatch(TOO_MANY_FOR_EMAIL);
    const strangerPage = await stranger.newPage();
    await logIn(strangerPage, app.url, JANE);
    await expect(strangerPage.locator(".alert.error")).toHaveText(TOO_MANY_FOR_EMAIL);
    // ...and the same message for an email without an account (nothing to learn about which emails exist).
    for (let i = 1; i <= 5; i++) await post({ email: "nobody-here@example.com", password: `guess-${i}` });
    expect(loginOutcome(await post({ email: "nobody-here@example.com", password: "guess-6" }), PROD_COOKIE)).toMatch(
      TOO_MANY_FOR_EMAIL,
    );

    // The owner's laptop is not locked out.
    await logIn(page, app.url, JANE);
    await expect(page.getByTestId("organizer-name")).toHaveText(JANE.name);

    // What let it in: a signed, HttpOnly, long-lived device cookie, sent only to the organizer pages.
    const device = (await laptop.cookies()).find((c) => c.name === DEVICE_COOKIE);
    expect(device, "a device cookie after a successful login").toBeDefined();
    expect(device!.httpOnly).toBe(true);
    expect(device!.secure).toBe(true);
    expect(device!.sameSite).toBe("Lax");
    expect(device!.path).toBe("/organizer");
    expect(device!.expires * 1000 - Date.now()).toBeGreaterThan(300 * 24 * 60 * 60 * 1000);
    // A tampered copy is worth nothing: that browser is a stranger again.
    await stranger.addCookies([{ ...device!, value: `${device!.value.slice(0, -4)}AAAA` }]);
    await logIn(strangerPage, app.url, JANE);
    await expect(strangerPage.locator(".alert.error")).toHaveText(TOO_MANY_FOR_EMAIL);
  } finally {
    await laptop.close();
    await stranger.close();
  }
});

test("kill -9 of the server during logins leaves no account locked", async () => {
  test.setTimeout(240_000);
  const dataDir = tempDataDir("crash");
  const accounts = Array.from({ length: 4 }, (_, i) => ({
    email: `crash${i}@example.com`,
    firstName: `Crash${i}`,
    lastName: "Test",
    password: `crash-test-password-${i}`,
  }));
  for (const account of accounts) createOrganizer(dataDir, account);
  const crashing = await startApp({ dataDir });
  try {
    const post = await loginPoster(crashing.url);
    // 10 correct logins per account at once: about 40 bcrypt checks queue up behind the worker threads.
    const inFlight = accounts.flatMap((account) =>
      Array.from({ length: 10 }, () =>
        post(account).then(
          (a: HttpAnswer) => loginOutcome(a, PROD_COOKIE),
          () => "cut off",
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await crashing.crash();
    const outcomes = await Promise.all(inFlight);
    expect(
      outcomes.filter((o) => o === "cut off").length,
      `the kill cut logins off: ${outcomes.join(", ")}`,
    ).toBeGreaterThan(0);

    await crashing.restart();
    const after = await loginPoster(crashing.url);
    for (const account of accounts) {
      expect(loginOutcome(await after(account), PROD_COOKIE), `${account.email} after the restart`).toBe("ok");
    }
    expect(
      outcomes.filter((o) => o !== "ok" && o !== "cut off"),
      "no correct login was refused before the kill either",
    ).toEqual([]);
  } finally {
    await crashing.stop();
  }
});

test.describe("the per-address limit", () => {
  const TOO_MANY_FROM_NETWORK = /^Too many failed log-in attempts from your network\. Try again in /;
  /** 50 failed logins, each for another unknown email, 10 at a time, each with the given headers. */
  async function fiftyFailures(url: string, headersFor: (i: number) => Record<string, string>): Promise<string[]> {
    const post = await loginPoster(url);
    const outcomes: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, j) => {
          const i = batch * 10 + j;
          return post(
            { email: `guess${i}-${Date.now()}@example.com`, password: "wrong-password" },
            { headers: headersFor(i) },
          );
        }),
      );
      outcomes.push(...answers.map((a) => loginOutcome(a, PROD_COOKIE)));
    }
    return outcomes;
  }

  test("next start facing clients: a rotating X-Forwarded-For (or garbage) does not get past it", async () => {
    test.setTimeout(240_000);
    const direct = await startApp({ mode: "start" });
    try {
      const outcomes = await fiftyFailures(direct.url, (i) => ({
        "x-forwarded-for": i % 2 ? `198.51.100.${i}` : "garbage",
      }));
      expect(outcomes).toEqual(Array(50).fill(INVALID));
      const post = await loginPoster(direct.url);
      for (const [i, forged] of ["203.0.113.200", "garbage", "10.1.2.3, 203.0.113.201"].entries()) {
        const answer = await post(
          { email: `fresh-${i}@example.com`, password: "wrong-password" },
          { headers: { "x-forwarded-for": forged } },
        );
        expect(loginOutcome(answer, PROD_COOKIE), `X-Forwarded-For: ${forged}`).toMatch(TOO_MANY_FROM_NETWORK);
      }
      // It is the address that waits, not the accounts: even a correct login from it waits now.
      expect(loginOutcome(await post(JOHN), PROD_COOKIE)).toMatch(TOO_MANY_FROM_NETWORK);
    } finally {
      await direct.stop();
    }
  });

  test("behind one trusted proxy (TRUSTED_PROXY_HOPS=1): the proxy's entry counts, and an unparseable one is one shared bucket", async () => {
    test.setTimeout(240_000);
    const proxied = await startApp({ mode: "start", env: { TRUSTED_PROXY_HOPS: "1" } });
    try {
      // What the proxy appended is the right-most entry; whatever the client wrote to the left is ignored.
      const outcomes = await fiftyFailures(proxied.url, (i) => ({ "x-forwarded-for": `10.9.${i}.1, garbage` }));
      expect(outcomes).toEqual(Array(50).fill(INVALID));
      const post = await loginPoster(proxied.url);
      const refused = await post(
        { email: "fresh-a@example.com", password: "wrong-password" },
        { headers: { "x-forwarded-for": "1.2.3.4, not-an-ip" } },
      );
      expect(loginOutcome(refused, PROD_COOKIE), "another unparseable address is the same bucket").toMatch(
        TOO_MANY_FROM_NETWORK,
      );
      const other = await post(
        { email: "fresh-b@example.com", password: "wrong-password" },
        { headers: { "x-forwarded-for": "garbage, 203.0.113.9" } },
      );
      expect(loginOutcome(other, PROD_COOKIE), "a real client address behind the proxy is its own bucket").toBe(
        INVALID,
      );
    } finally {
      await proxied.stop();
    }
  });
});

test.describe("links in mail on a forged Host", () => {
  /** Reset links mailed so far (the outbox: no SMTP_URL here), oldest first. */
  function mailedResetLinks(dataDir: string): string[] {
    let files: string[] = [];
    try {
      files = readdirSync(path.join(dataDir, "outbox"))
        .filter((f) => f.endsWith(".eml"))
        .sort();
    } catch {
      return [];
    }
    return files.flatMap((f) => {
      const match = /https?:\/\/\S+\/organizer\/reset-password\/[A-Za-z0-9_-]{43}/.exec(
        readFileSync(path.join(dataDir, "outbox", f), "utf8"),
      );
      return match ? [match[0]] : [];
    });
  }

  test("production refuses to start without APP_URL, saying so", async () => {
    const started = startApp({ mode: "start", env: { APP_URL: undefined } });
    await expect(started).rejects.toThrow(/APP_URL is required in production/);
  });

  test("a forgot-password POST with a forged Host or X-Forwarded-Host mails a link on APP_URL's host", async () => {
    const appUrl = new URL(app.url);
    const hidden = await formFields(app.url, "/organizer/forgot-password");
    const forgeries: Record<string, string>[] = [
      // The whole request addressed to another site (Origin matching it, so Next's own CSRF check passes).
      { host: "evil.example", origin: "http://evil.example" },
      // Only the forwarded host forged.
      { "x-forwarded-host": "evil.example", origin: "http://evil.example" },
      {
        host: "evil.example",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
        origin: "https://evil.example",
      },
    ];
    for (const [i, headers] of forgeries.entries()) {
      const before = mailedResetLinks(app.dataDir).length;
      const answer = await postForm(app.url, "/organizer/forgot-password", hidden, { email: JOHN.email }, { headers });
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      expect(answer.body).toContain("If an account exists for that email address");
      let link = "";
      await expect
        .poll(
          () => {
            link = mailedResetLinks(app.dataDir)[before] ?? "";
            return link;
          },
          { message: `mail for forgery ${i}` },
        )
        .not.toBe("");
      expect(new URL(link).host, `forgery ${JSON.stringify(headers)}`).toBe(appUrl.host);
      expect(link).not.toContain("evil.example");
    }
  });
});

test.describe("malformed requests", () => {
  /** The app's own error page: status, its heading, the security headers, no stack trace. */
  function expectErrorPage(answer: HttpAnswer, status: number, heading: string, what: string) {
    expect(answer.status, what).toBe(status);
    expect(answer.headers["content-type"], what).toContain("text/html");
    expect(answer.body, what).toContain(heading);
    expect(answer.headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
    expect(answer.headers["x-content-type-options"], what).toBe("nosniff");
    expect(answer.headers["x-frame-options"], what).toBe("DENY");
    expect(answer.headers["cache-control"], what).toContain("no-store");
    expect(answer.body, what).not.toMatch(/at .*\(.*:\d+:\d+\)|TypeError|SyntaxError/);
  }

  test("bad percent-encoding in a path: 400 with the app's error page", async () => {
    for (const path of ["/rsvp/%E0%A4%A", "/organizer/%E0%A4%A", "/%", "/organizer/login/%ZZ", "/api/%C0"]) {
      expectErrorPage(await rawRequest(`${app.url}${path}`), 400, "Bad request", path);
    }
  });

  test("TRACE and other unsupported methods: 405 with Allow, the app's error page and security headers", async () => {
    const cases: [string, string][] = [
      ["TRACE", "/"],
      ["TRACE", "/organizer/login"],
      ["PUT", "/organizer/login"],
      ["DELETE", "/rsvp/abc"],
      ["PATCH", "/organizer"],
      ["OPTIONS", "/"],
      ["PROPFIND", "/api/health"],
    ];
    for (const [method, path] of cases) {
      const answer = await rawRequest(`${app.url}${path}`, { method });
      expectErrorPage(answer, 405, "Method not allowed", `${method} ${path}`);
      expect(answer.headers.allow, `${method} ${path}`).toBe("GET, HEAD, POST");
    }
  });

  test("malformed Server Action requests: 400 with the app's error page, and the app carries on", async () => {
    const hidden = await formFields(app.url, "/organizer/login");
    const actionId = JSON.parse(hidden.find(([name]) => name.endsWith(":0"))![1]).id as string;
    const post = (headers: Record<string, string>, body: string) =>
      rawRequest(`${app.url}/organizer/login`, {
        method: "POST",
        body,
        headers: { origin: app.url, "content-length": String(Buffer.byteLength(body)), ...headers },
      });
    const cases: [string, Record<string, string>, string][] = [
      ["an action id that is not one", { "next-action": "deadbeef", "content-type": "text/plain;charset=UTF-8" }, "[]"],
      [
        "arguments that are not JSON",
        { "next-action": actionId, "content-type": "text/plain;charset=UTF-8" },
        "{not json",
      ],
      [
        "arguments that are JSON but not an argument list",
        { "next-action": actionId, "content-type": "text/plain;charset=UTF-8" },
        '{"a":1}',
      ],
      [
        "a multipart body that is cut off",
        { "next-action": actionId, "content-type": "multipart/form-data; boundary=xyz" },
        "--xyz\r\ngarbage",
      ],
      ["a body of an unexpected type", { "next-action": actionId, "content-type": "application/x-unknown" }, "garbage"],
      [
        "a form post (no JavaScript) with a broken multipart body",
        { "content-type": "multipart/form-data; boundary=xyz" },
        "garbage",
      ],
      ["a form post with no boundary at all", { "content-type": "multipart/form-data" }, "garbage"],
    ];
    for (const [what, headers, body] of cases) {
      expectErrorPage(await post(headers, body), 400, "Bad request", what);
    }
    // Well-formed requests still work.
    expect((await rawRequest(`${app.url}/organizer/login`)).status).toBe(200);
    expect(loginOutcome(await logInOverHttp(app.url), PROD_COOKIE)).toBe("ok");
  });
});
