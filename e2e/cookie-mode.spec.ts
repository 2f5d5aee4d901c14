import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { expectDashboard, expectLoginPage, logIn, PROD_COOKIE, sessionCookie } from "./support/helpers";

// SESSION_STORE=cookie: the session record lives in the sealed cookie, nothing per session on the server.
let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start", env: { SESSION_STORE: "cookie" } });
});
test.afterAll(async () => {
  await app?.stop();
});

test("stateless cookie sessions: login, reload and logout work; no session is stored on the server", async ({
  page,
  context,
  browser,
}) => {
  await logIn(page, app.url);
  await expectDashboard(page, app.url);
  await expect(page.getByText("Welcome back, John!")).toBeVisible();
  const sessionsDir = path.join(app.dataDir, "sessions");
  expect(() => readdirSync(sessionsDir)).toThrow(); // never created

  const health = await page.request.get(`${app.url}/api/health`);
  expect(await health.json()).toMatchObject({ sessions: "cookie" });

  await page.reload();
  await expectDashboard(page, app.url);
  const copied = (await sessionCookie(context, PROD_COOKIE))!;

  await page.getByRole("button", { name: "Log out" }).click();
  await expectLoginPage(page);
  await page.goto(`${app.url}/organizer`);
  await expectLoginPage(page);

  // What this mode gives up (documented in the README): a copy of the cookie taken before the logout still
  // works, because the server has nothing to delete.
  const other = await browser.newContext();
  await other.addCookies([copied]);
  const replay = await other.newPage();
  await replay.goto(`${app.url}/organizer`);
  await expectDashboard(replay, app.url);
  await other.close();
});
