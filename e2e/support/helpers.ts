import { expect, type BrowserContext, type Page } from "@playwright/test";

export const JOHN = { email: "john.smith@example.com", password: "password123", name: "John Smith" };
export const PROD_COOKIE = "__Host-hpp_session";
export const DEV_COOKIE = "hpp_session";

export async function logIn(
  page: Page,
  baseUrl: string,
  options: { email?: string; password?: string; keep?: boolean } = {},
) {
  await page.goto(`${baseUrl}/organizer/login`);
  await page.getByLabel("Email").fill(options.email ?? JOHN.email);
  await page.getByLabel("Password").fill(options.password ?? JOHN.password);
  if (options.keep === false) await page.getByLabel("Keep me signed in").uncheck();
  await page.getByRole("button", { name: "Log in" }).click();
}

/** timeout: for `next dev`, whose first visit to a route compiles it (tens of seconds on a busy 2-core machine). */
export async function expectDashboard(page: Page, baseUrl: string, options: { timeout?: number } = {}) {
  await expect(page).toHaveURL(`${baseUrl}/organizer`, { timeout: options.timeout });
  await expect(page.getByTestId("organizer-name")).toHaveText(JOHN.name);
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
}

export async function expectLoginPage(page: Page) {
  await expect(page).toHaveURL(/\/organizer\/login/);
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
}

export async function sessionCookie(context: BrowserContext, name = PROD_COOKIE) {
  return (await context.cookies()).find((c) => c.name === name);
}
