import { expect, test } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { DEV_COOKIE, expectDashboard, logIn, PROD_COOKIE, sessionCookie } from "./support/helpers";

// Real process restarts: the whole server process group is killed and a new one started on the same port
// and DATA_DIR. Sessions live on disk, so the organizer is still signed in.
for (const mode of ["start", "dev"] as const) {
  test(`a signed-in organizer stays signed in across a restart of next ${mode}`, async ({ page, context }) => {
    test.setTimeout(mode === "dev" ? 300_000 : 120_000);
    let app: AppServer | undefined;
    try {
      app = await startApp({ mode });
      await logIn(page, app.url);
      // next dev compiles the login action and the dashboard on first use: that wait is not what is tested.
      await expectDashboard(page, app.url, { timeout: mode === "dev" ? 90_000 : undefined });
      const before = (await sessionCookie(context, mode === "dev" ? DEV_COOKIE : PROD_COOKIE))!.value;

      await app.restart();

      await page.goto(`${app.url}/organizer`);
      await expectDashboard(page, app.url);
      const after = (await sessionCookie(context, mode === "dev" ? DEV_COOKIE : PROD_COOKIE))!.value;
      expect(after).toBe(before);
      // Still a working session, not a page from a cache: logging out works on the new process.
      await page.getByRole("button", { name: "Log out" }).click();
      await expect(page).toHaveURL(/\/organizer\/login/);
    } finally {
      await app?.stop();
    }
  });
}
