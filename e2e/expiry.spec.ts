import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { expectDashboard, logIn, PROD_COOKIE, sessionCookie } from "./support/helpers";

// A lifetime of a few seconds (SESSION_MAX_AGE_DAYS accepts fractions) to watch a real server expire a
// session. The replayed cookie proves the server checks expiry itself, whatever the browser keeps.
const IDLE_SECONDS = 6;
let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({
    mode: "start",
    env: {
      SESSION_MAX_AGE_DAYS: String(IDLE_SECONDS / 86_400),
      SESSION_ABSOLUTE_MAX_AGE_DAYS: String((2 * IDLE_SECONDS) / 86_400),
    },
  });
});
test.afterAll(async () => {
  await app?.stop();
});

test("an expired session is refused by the server and its record removed", async ({ page, context }) => {
  await logIn(page, app.url);
  await expectDashboard(page, app.url);
  const cookie = (await sessionCookie(context, PROD_COOKIE))!;
  const sessions = () => readdirSync(path.join(app.dataDir, "sessions"));
  expect(sessions()).toHaveLength(1);

  await page.waitForTimeout((IDLE_SECONDS + 1) * 1000);
  const response = await page.request.get(`${app.url}/organizer`, {
    headers: { cookie: `${PROD_COOKIE}=${cookie.value}` },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  expect(response.headers()["location"]).toContain("/organizer/login?next=%2Forganizer&expired=1");
  expect(sessions()).toHaveLength(0);

  await page.goto(`${app.url}/organizer/login?expired=1`);
  await expect(page.getByText("Your session has ended. Please log in again.")).toBeVisible();
});
