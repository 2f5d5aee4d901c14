import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { freePort, startApp, tempDataDir, TEST_SECRET, type AppServer } from "./support/app-server";
import { expectLoginPage, JOHN, logIn, PROD_COOKIE, sessionCookie } from "./support/helpers";

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

const FIREFOX_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_UA =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";

let counter = 0;
const uniqueEmail = (label: string) => `${label}.${Date.now()}.${counter++}@example.com`;

async function signUp(
  page: Page,
  person: { first: string; last: string; email: string; password: string; confirm?: string },
) {
  await page.goto(`${app.url}/organizer/signup`);
  await page.getByLabel("First name").fill(person.first);
  await page.getByLabel("Last name").fill(person.last);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByLabel("Confirm password").fill(person.confirm ?? person.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

async function newSignedInContext(browser: Browser, email: string, password: string, userAgent?: string) {
  const context = await browser.newContext(userAgent ? { userAgent } : {});
  const page = await context.newPage();
  await logIn(page, app.url, { email, password });
  await expect(page).toHaveURL(`${app.url}/organizer`);
  return { context, page };
}

function outboxFiles(dataDir: string): string[] {
  try {
    return readdirSync(path.join(dataDir, "outbox"))
      .filter((f) => f.endsWith(".eml"))
      .sort();
  } catch {
    return [];
  }
}

/** The reset link of the newest mail to `to`, waiting for it (the mail is sent after the response). */
async function resetLinkFor(to: string, before: number): Promise<string> {
  let link = "";
  await expect
    .poll(() => {
      for (const file of outboxFiles(app.dataDir).slice(before)) {
        const eml = readFileSync(path.join(app.dataDir, "outbox", file), "utf8");
        const match = /https?:\/\/\S+\/organizer\/reset-password\/[A-Za-z0-9_-]{43}/.exec(eml);
        if (eml.includes(`To: ${to}\r\n`) && match) link = match[0];
      }
      return link;
    })
    .not.toBe("");
  return link;
}

test("sign-up: explained errors, common passwords refused, then signed in; a used email is refused", async ({
  page,
  browser,
}) => {
  await page.goto(`${app.url}/organizer/login`);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(`${app.url}/organizer/signup`);

  const email = uniqueEmail("holly");
  await signUp(page, { first: "Holly", last: "Berry", email, password: "short", confirm: "other" });
  await expect(page.locator("#password-error")).toHaveText("Use at least 10 characters");
  await expect(page.getByLabel("First name")).toHaveValue("Holly");

  await signUp(page, { first: "Holly", last: "Berry", email, password: "Password123" });
  await expect(page.locator("#password-error")).toContainText("most common passwords");

  await signUp(page, {
    first: "Holly",
    last: "Berry",
    email,
    password: "mistletoe-and-wine",
    confirm: "mistletoe-and-whine",
  });
  await expect(page.locator("#confirmPassword-error")).toHaveText("The two passwords do not match");

  await signUp(page, { first: "Holly", last: "Berry", email, password: "mistletoe-and-wine" });
  await expect(page).toHaveURL(`${app.url}/organizer`);
  await expect(page.getByTestId("organizer-name")).toHaveText("Holly Berry");
  await expect(page.getByText("Welcome, Holly! Your account is ready.")).toBeVisible();

  // The same email again, in another case, from another browser.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`${app.url}/organizer/signup`);
  await signUp(otherPage, { first: "Copy", last: "Cat", email: email.toUpperCase(), password: "mistletoe-and-wine" });
  await expect(otherPage.locator("#email-error")).toHaveText(/already exists/);
  expect(await sessionCookie(other)).toBeUndefined();
  await other.close();

  // The new account logs in like any other.
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn(page, app.url, { email, password: "mistletoe-and-wine" });
  await expect(page.getByTestId("organizer-name")).toHaveText("Holly Berry");
});

test("sign-up without a last name: the name shows as given, with no stray space", async ({ page }) => {
  const email = uniqueEmail("cher");
  await signUp(page, { first: "Cher", last: "", email, password: "mistletoe-and-wine" });
  await expect(page).toHaveURL(`${app.url}/organizer`);
  await expect(page.getByTestId("organizer-name")).toHaveText("Cher");
  expect(await page.getByTestId("organizer-name").evaluate((el) => el.textContent)).toBe("Cher");
  await page.goto(`${app.url}/organizer/account`);
  await expect(page.getByLabel("Last name")).toHaveValue("");
  await page.getByRole("button", { name: "Save name and email" }).click();
  await expect(page.getByRole("status").filter({ hasText: /saved/i })).toBeVisible();
  await expect(page.locator("#lastName-error")).toHaveCount(0);
});

test("two browsers: the sessions page lists both, and 'Sign out of all other sessions' logs the other out", async ({
  browser,
}) => {
  const email = uniqueEmail("ivy");
  const password = "ivy-on-the-garden-wall";
  // Signing up signs this browser in: that is the first session.
  const aContext = await browser.newContext({ userAgent: FIREFOX_UA });
  const a = { context: aContext, page: await aContext.newPage() };
  await signUp(a.page, { first: "Ivy", last: "Green", email, password });
  await expect(a.page).toHaveURL(`${app.url}/organizer`);
  const b = await newSignedInContext(browser, email, password, SAFARI_UA);

  await a.page.getByRole("link", { name: "Account" }).click();
  await expect(a.page).toHaveURL(`${app.url}/organizer/account`);
  await a.page.getByRole("link", { name: "Your sessions" }).click();
  await expect(a.page).toHaveURL(`${app.url}/organizer/account/sessions`);
  const sessions = a.page.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.nth(0)).toContainText("Firefox on Windows");
  await expect(sessions.nth(0)).toContainText("This device");
  await expect(sessions.nth(0)).toContainText("Last active now");
  await expect(sessions.nth(1)).toContainText("Safari on macOS");
  await expect(sessions.nth(1)).not.toContainText("This device");
  await expect(sessions.nth(1)).toContainText("Signed in just now");
  // Where each signed in from (the test browsers connect over loopback).
  await expect(sessions.nth(0).getByTestId("session-network")).toContainText("from this computer");
  await expect(sessions.nth(1).getByTestId("session-network")).toContainText("from this computer");

  await a.page.getByRole("button", { name: "Sign out of all other sessions" }).click();
  await expect(a.page.getByRole("status")).toHaveText("Signed out of 1 other session.");
  await expect(a.page.getByTestId("session")).toHaveCount(1);

  // The other browser is out at once, on its very next request.
  await b.page.goto(`${app.url}/organizer`);
  await expectLoginPage(b.page);
  // This one is still in.
  await a.page.goto(`${app.url}/organizer`);
  await expect(a.page.getByTestId("organizer-name")).toHaveText("Ivy Green");

  // One session signed out on its own, from the list.
  const c = await newSignedInContext(browser, email, password, SAFARI_UA);
  await a.page.goto(`${app.url}/organizer/account/sessions`);
  await a.page.getByRole("button", { name: "Sign out Safari on macOS" }).click();
  await expect(a.page.getByRole("status")).toHaveText("Signed out Safari on macOS.");
  await c.page.goto(`${app.url}/organizer/account`);
  await expectLoginPage(c.page);

  // "Sign out" on this device is a logout.
  await a.page.getByRole("button", { name: "Sign out Firefox on Windows (this device)" }).click();
  await expectLoginPage(a.page);
  await expect(a.page.getByText("You have been logged out.")).toBeVisible();

  for (const ctx of [a.context, b.context, c.context]) await ctx.close();
});

test("account: name and email changes, and a password change that keeps this browser and ends the others", async ({
  page,
  context,
  browser,
}) => {
  const email = uniqueEmail("noel");
  const password = "silent-night-holy-night";
  await signUp(page, { first: "Noel", last: "Carol", email, password });
  await expect(page).toHaveURL(`${app.url}/organizer`);
  const other = await newSignedInContext(browser, email, password);

  await page.goto(`${app.url}/organizer/account`);
  const profile = page.getByRole("form", { name: "Name and email" });
  await profile.getByLabel("First name").fill("Noelle");
  await profile.getByRole("button", { name: "Save name and email" }).click();
  await expect(profile.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByTestId("organizer-name")).toHaveText("Noelle Carol");

  const newEmail = uniqueEmail("noelle");
  await profile.getByLabel("Email").fill(newEmail);
  await profile.getByRole("button", { name: "Save name and email" }).click();
  await expect(profile.locator("#currentPassword-error")).toHaveText(
    "Enter your current password to change your email address",
  );
  await profile.getByLabel("Current password").fill("not-my-password");
  await profile.getByRole("button", { name: "Save name and email" }).click();
  await expect(profile.locator("#currentPassword-error")).toHaveText("That is not your current password");
  await profile.getByLabel("Current password").fill(password);
  await profile.getByRole("button", { name: "Save name and email" }).click();
  await expect(profile.getByRole("status")).toHaveText(`Saved. Your email address is now ${newEmail}.`);

  const before = (await sessionCookie(context))!.value;
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(password);
  await form.getByLabel("New password", { exact: true }).fill("1234567890");
  await form.getByLabel("Confirm new password").fill("1234567890");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.locator("#new-password-error")).toContainText("most common passwords");

  const newPassword = "o-come-all-ye-faithful";
  await form.getByLabel("Current password").fill(password);
  await form.getByLabel("New password", { exact: true }).fill(newPassword);
  await form.getByLabel("Confirm new password").fill(newPassword);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Your password has been changed. 1 other session was signed out.");

  // This browser: still signed in, under a new token; the old token is dead.
  const after = (await sessionCookie(context))!.value;
  expect(after).not.toBe(before);
  await page.goto(`${app.url}/organizer`);
  await expect(page.getByTestId("organizer-name")).toHaveText("Noelle Carol");
  const stale = await page.request.get(`${app.url}/organizer`, {
    headers: { cookie: `${PROD_COOKIE}=${before}` },
    maxRedirects: 0,
  });
  expect(stale.status()).toBe(303);
  // The other browser: out.
  await other.page.goto(`${app.url}/organizer`);
  await expectLoginPage(other.page);
  await other.context.close();

  // The old email and password are gone; the new ones work.
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn(page, app.url, { email, password });
  await expect(page.locator(".alert.error")).toHaveText("Invalid email or password");
  await logIn(page, app.url, { email: newEmail, password: newPassword });
  await expect(page.getByTestId("organizer-name")).toHaveText("Noelle Carol");
});

test("password reset through the outbox link: same answer for unknown emails, single use, ends every session", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("frost");
  const password = "jack-frost-nipping";
  const setup = await browser.newContext();
  const setupPage = await setup.newPage();
  await signUp(setupPage, { first: "Jack", last: "Frost", email, password });
  // The account exists once sign-up has landed on the dashboard: a login sent before that races it.
  await expect(setupPage).toHaveURL(`${app.url}/organizer`);
  const signedIn = await newSignedInContext(browser, email, password);
  await setup.close();

  await page.goto(`${app.url}/organizer/login`);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(`${app.url}/organizer/forgot-password`);

  const mailsBefore = outboxFiles(app.dataDir).length;
  await page.getByLabel("Email").fill(`nobody.${Date.now()}@example.com`);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const answer = page.getByRole("status");
  await expect(answer).toContainText("If an account exists for that email address");
  const unknownAnswer = await answer.textContent();

  await page.goto(`${app.url}/organizer/forgot-password`);
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toHaveText(unknownAnswer!);

  const link = await resetLinkFor(email, mailsBefore);
  expect(link.startsWith(`${app.url}/organizer/reset-password/`)).toBe(true);
  // Only the known email got a mail.
  expect(outboxFiles(app.dataDir).length).toBe(mailsBefore + 1);

  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("password1234");
  await page.getByLabel("Confirm new password").fill("password1234");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.locator("#password-error")).toContainText("most common passwords");

  const newPassword = "the-snow-lay-round-about";
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expectLoginPage(page);
  await expect(page.getByText("Your password has been changed and every session was signed out.")).toBeVisible();

  // Every session of that organizer ended.
  await signedIn.page.goto(`${app.url}/organizer`);
  await expectLoginPage(signedIn.page);
  await signedIn.context.close();

  // The link works once.
  await page.goto(link);
  await expect(page.locator(".alert.error")).toHaveText("This reset link has expired or was already used.");

  await logIn(page, app.url, { email, password });
  await expect(page.locator(".alert.error")).toHaveText("Invalid email or password");
  await logIn(page, app.url, { email, password: newPassword });
  await expect(page.getByTestId("organizer-name")).toHaveText("Jack Frost");
});

test("after 5 wrong passwords for one email, the next attempt waits with a clear message", async ({ page }) => {
  const email = "jane.smith@example.com";
  for (let i = 1; i <= 5; i++) {
    await logIn(page, app.url, { email, password: `wrong-password-${i}` });
    await expect(page.locator(".alert.error")).toHaveText("Invalid email or password");
    await expect(page.getByTestId("locked-out-help")).toHaveCount(0);
  }
  // Even the right password waits now, in a browser that never signed in to this account: a short wait
  // that grows with further failures (a browser that has signed in before keeps its own allowance).
  await logIn(page, app.url, { email, password: "password123" });
  await expect(page.locator(".alert.error")).toHaveText(
    /^Too many failed log-in attempts for this email address\. Try again in (1 minute|[1-5]?\d seconds?)\.$/,
  );
  // Rather than wait, the owner can reset the password: the message says so, with the link.
  await expect(page.getByTestId("locked-out-help").getByRole("link", { name: "Reset it by email" })).toHaveAttribute(
    "href",
    "/organizer/forgot-password",
  );
  // Another account is not affected.
  await logIn(page, app.url);
  await expect(page.getByTestId("organizer-name")).toHaveText(JOHN.name);
});

test("security headers on every page; the CSP blocks nothing of the app's own and pages still work with JS", async ({
  page,
  context,
}) => {
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      w.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });

  const nonces = new Set<string>();
  for (const pathname of ["/", "/organizer/login", "/organizer/signup", "/organizer/forgot-password"]) {
    const response = await page.goto(`${app.url}${pathname}`);
    const headers = response!.headers();
    const csp = headers["content-security-policy"];
    expect(csp, pathname).toBeDefined();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp!)![1]!;
    nonces.add(nonce);
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    expect(headers["x-frame-options"]).toBe("DENY");
    // Every script Next rendered carries this response's nonce.
    const scripts = await page.locator("script").evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    for (const scriptNonce of scripts) expect(scriptNonce).toBe(nonce);
  }
  expect(nonces.size, "a fresh nonce per response").toBe(4);

  // Log in with JavaScript on: the form is hydrated (React owns it) and the action runs without a reload.
  await page.goto(`${app.url}/organizer/login`);
  await expect
    .poll(() => page.locator("form").evaluate((form) => Object.keys(form).some((key) => key.startsWith("__react"))))
    .toBe(true);
  await page.getByLabel("Email").fill(JOHN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator(".alert.error")).toHaveText("Invalid email or password");
  await page.getByLabel("Password").fill(JOHN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("organizer-name")).toHaveText(JOHN.name);

  const organizerPage = await page.request.get(`${app.url}/organizer/account`);
  expect(organizerPage.headers()["content-security-policy"]).toContain("'strict-dynamic'");
  expect(organizerPage.headers()["cache-control"]).toContain("no-store");

  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
});

test("a cross-site POST to an API route is refused", async ({ request }) => {
  const refused = await request.post(`${app.url}/api/health`, { headers: { origin: "https://evil.example" } });
  expect(refused.status()).toBe(403);
  const sameSite = await request.post(`${app.url}/api/health`, { headers: { origin: app.url } });
  expect(sameSite.status()).not.toBe(403);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-up and 'Sign out of all other sessions' work as plain forms", async ({ page, browser }) => {
    const email = uniqueEmail("nojs");
    await signUp(page, { first: "No", last: "Script", email, password: "abc" });
    await expect(page.locator("#password-error")).toHaveText("Use at least 10 characters");
    await signUp(page, { first: "No", last: "Script", email, password: "deck-the-halls-2026" });
    await expect(page.getByTestId("organizer-name")).toHaveText("No Script");

    const other = await newSignedInContext(browser, email, "deck-the-halls-2026");
    await page.goto(`${app.url}/organizer/account/sessions`);
    await expect(page.getByTestId("session")).toHaveCount(2);
    await page.getByRole("button", { name: "Sign out of all other sessions" }).click();
    await expect(page.getByRole("status")).toHaveText("Signed out of 1 other session.");
    await other.page.goto(`${app.url}/organizer`);
    await expectLoginPage(other.page);
    await other.context.close();
  });
});

test("secret rotation: old cookies work while both secrets are set, are re-sealed, and the old secret can go", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const NEW_SECRET = "rotated-e2e-secret-abcdefghijklmnopqrstuvwxyz-0123";
  const dataDir = tempDataDir("rotation");
  const port = await freePort();
  let server: AppServer | undefined;
  const context: BrowserContext = await browser.newContext();
  try {
    server = await startApp({ mode: "start", dataDir, port, env: { SESSION_SECRET: TEST_SECRET } });
    const page = await context.newPage();
    await logIn(page, server.url);
    await expect(page.getByTestId("organizer-name")).toHaveText(JOHN.name);
    const sealedUnderOld = (await sessionCookie(context))!.value;
    await server.stop();

    // Step 1: the new secret first, the old one kept. The browser stays signed in and gets a re-sealed cookie.
    server = await startApp({
      mode: "start",
      dataDir,
      port,
      seed: false,
      env: { SESSION_SECRET: `${NEW_SECRET},${TEST_SECRET}` },
    });
    await page.goto(`${server.url}/organizer`);
    await expect(page.getByTestId("organizer-name")).toHaveText(JOHN.name);
    const resealed = (await sessionCookie(context))!.value;
    expect(resealed).not.toBe(sealedUnderOld);
    await server.stop();

    // Step 2: the old secret dropped. The re-sealed cookie still works; a copy sealed under the old secret does not.
    server = await startApp({ mode: "start", dataDir, port, seed: false, env: { SESSION_SECRET: NEW_SECRET } });
    await page.goto(`${server.url}/organizer`);
    await expect(page.getByTestId("organizer-name")).toHaveText(JOHN.name);
    const old = await page.request.get(`${server.url}/organizer`, {
      headers: { cookie: `${PROD_COOKIE}=${sealedUnderOld}` },
      maxRedirects: 0,
    });
    expect(old.status()).toBe(303);
    expect(old.headers()["location"]).toContain("/organizer/login");
  } finally {
    await context.close();
    await server?.stop();
  }
});
