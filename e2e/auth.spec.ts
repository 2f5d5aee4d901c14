import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { expectDashboard, expectLoginPage, JOHN, logIn, PROD_COOKIE, sessionCookie } from "./support/helpers";

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

const sessionFiles = () => {
  try {
    return readdirSync(path.join(app.dataDir, "sessions")).filter((f) => !f.startsWith("."));
  } catch {
    return [];
  }
};

test("an organizer logs in, sees the welcome once and stays signed in across reloads", async ({ page, context }) => {
  await page.goto(`${app.url}/organizer`);
  await expectLoginPage(page);
  expect(new URL(page.url()).searchParams.get("next")).toBe("/organizer");
  await expect(page.getByLabel("Keep me signed in")).toBeChecked();

  await page.getByLabel("Email").fill(JOHN.email);
  await page.getByLabel("Password").fill(JOHN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expectDashboard(page, app.url);
  await expect(page.getByText("Welcome back, John!")).toBeVisible();

  const cookie = await sessionCookie(context);
  expect(cookie, "session cookie").toBeDefined();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe("Lax");
  expect(cookie!.secure).toBe(true);
  expect(cookie!.path).toBe("/");
  const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.9);
  expect(days).toBeLessThanOrEqual(7);
  // The cookie is a seal of a random token: no personal data in it.
  expect(cookie!.value).not.toContain("john");
  expect(sessionFiles()).toHaveLength(1);

  await page.reload();
  await expectDashboard(page, app.url);
  await expect(page.getByText("Welcome back, John!")).toHaveCount(0);

  const response = await page.request.get(`${app.url}/organizer`);
  expect(response.headers()["cache-control"]).toContain("no-store");
});

test("without 'Keep me signed in' the cookie ends with the browser", async ({ page, context }) => {
  await logIn(page, app.url, { keep: false });
  await expectDashboard(page, app.url);
  const cookie = await sessionCookie(context);
  expect(cookie!.expires).toBe(-1);
});

test("a wrong password or an unknown email gets the same generic message", async ({ page, context }) => {
  await logIn(page, app.url, { password: "not-the-password" });
  await expect(page.locator(".alert.error")).toHaveText("Invalid email or password");
  await expect(page.getByLabel("Email")).toHaveValue(JOHN.email);
  await expect(page.getByLabel("Password")).toHaveValue("");

  await logIn(page, app.url, { email: "nobody@example.com", password: "password123" });
  await expect(page.locator(".alert.error")).toHaveText("Invalid email or password");
  expect(await sessionCookie(context)).toBeUndefined();

  const tooLong = "x".repeat(73);
  await logIn(page, app.url, { password: tooLong });
  await expect(page.locator("#password-error")).toContainText("at most 72 bytes");
  expect(await sessionCookie(context)).toBeUndefined();
});

test("bad input is explained next to the field", async ({ page }) => {
  await page.goto(`${app.url}/organizer/login`);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator("#email-error")).toHaveText(/valid email address/);
  await expect(page.locator("#password-error")).toHaveText("Enter your password");
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("login returns to the page asked for, and only to same-site paths", async ({ page, context }) => {
  await page.goto(`${app.url}/organizer?view=upcoming`);
  await expectLoginPage(page);
  await page.getByLabel("Email").fill(JOHN.email);
  await page.getByLabel("Password").fill(JOHN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(`${app.url}/organizer?view=upcoming`);

  await context.clearCookies();
  for (const next of ["//evil.example/phish", "https://evil.example/", "/\\evil.example"]) {
    await page.goto(`${app.url}/organizer/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill(JOHN.email);
    await page.getByLabel("Password").fill(JOHN.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expectDashboard(page, app.url);
    await context.clearCookies();
  }
});

test("a new session id at login: the session the browser had is destroyed", async ({ page, context }) => {
  // A login form opened before signing in elsewhere in this browser, then submitted: the action sees the
  // earlier cookie and must replace that session, not keep it or add to it.
  await page.goto(`${app.url}/organizer/login`);
  const other = await context.newPage();
  await logIn(other, app.url);
  await expectDashboard(other, app.url);
  const first = (await sessionCookie(context))!.value;
  const filesBefore = sessionFiles();

  await page.getByLabel("Email").fill(JOHN.email);
  await page.getByLabel("Password").fill(JOHN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expectDashboard(page, app.url);
  const second = (await sessionCookie(context))!.value;
  expect(second).not.toBe(first);
  const filesAfter = sessionFiles();
  expect(filesAfter.length).toBe(filesBefore.length);
  expect(filesAfter).not.toEqual(filesBefore);

  const stale = await page.request.get(`${app.url}/organizer`, {
    headers: { cookie: `${PROD_COOKIE}=${first}` },
    maxRedirects: 0,
  });
  expect(stale.status()).toBe(303);
  expect(stale.headers()["location"]).toContain("/organizer/login");
});

test("logout ends the session on the server: the old cookie gets the login page", async ({
  page,
  context,
  browser,
}) => {
  await logIn(page, app.url);
  await expectDashboard(page, app.url);
  const stolen = (await sessionCookie(context))!;
  const before = sessionFiles().length;

  await page.getByRole("button", { name: "Log out" }).click();
  await expectLoginPage(page);
  await expect(page.getByText("You have been logged out.")).toBeVisible();
  expect(await sessionCookie(context)).toBeUndefined();
  expect(sessionFiles().length).toBe(before - 1);

  // Someone who copied the cookie before the logout replays it in another browser.
  const other = await browser.newContext();
  await other.addCookies([{ ...stolen }]);
  const thief = await other.newPage();
  await thief.goto(`${app.url}/organizer`);
  await expectLoginPage(thief);
  await other.close();

  await page.goto(`${app.url}/organizer`);
  await expectLoginPage(page);
});

test("tampered cookies are treated as signed out, never as an error", async ({ page, context }) => {
  await logIn(page, app.url);
  await expectDashboard(page, app.url);
  const cookie = (await sessionCookie(context))!;
  for (const value of [cookie.value.slice(0, -4) + "AAAA", "garbage", "Fe26.2**not-a-seal", "x".repeat(5000)]) {
    const response = await page.request.get(`${app.url}/organizer`, {
      headers: { cookie: `${PROD_COOKIE}=${value}` },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    expect(response.headers()["location"]).toContain("/organizer/login");
  }
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("login, the welcome message and logout still work", async ({ page }) => {
    await page.goto(`${app.url}/organizer/login`);
    await page.getByLabel("Email").fill(JOHN.email);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByText("Invalid email or password")).toBeVisible();

    await page.getByLabel("Password").fill(JOHN.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expectDashboard(page, app.url);
    await expect(page.getByText("Welcome back, John!")).toBeVisible();

    await page.getByRole("button", { name: "Log out" }).click();
    await expectLoginPage(page);
    await page.goto(`${app.url}/organizer`);
    await expectLoginPage(page);
  });
});

test("the landing page links to the login, or to the dashboard when signed in", async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole("link", { name: "Organizer log in" })).toBeVisible();
  await logIn(page, app.url);
  await expectDashboard(page, app.url);
  await page.goto(app.url);
  await page.getByRole("link", { name: /Go to your dashboard/ }).click();
  await expectDashboard(page, app.url);
});

test("/api/health reports the store", async ({ request }) => {
  const response = await request.get(`${app.url}/api/health`);
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", store: "fs", sessions: "store" });
});
