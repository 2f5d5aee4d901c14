import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { deleteKeysWithPrefix, findTestRedis, redisRequired, uniquePrefix, type TestRedis } from "../support/redis";
import { startApp, type AppServer } from "./support/app-server";
import { expectLoginPage, JOHN, logIn } from "./support/helpers";

// Accounts on Redis with two app instances sharing it: what one instance does (sign a session out, count a
// failed login, issue a reset link) holds on the other at once.

let redis: TestRedis | null = null;
let prefix = "";
let a: AppServer | undefined;
let b: AppServer | undefined;

test.beforeAll(async () => {
  redis = await findTestRedis();
  if (!redis && redisRequired()) throw new Error("REQUIRE_REDIS is set and no Redis is available");
  if (!redis) return;
  prefix = uniquePrefix("e2e-accounts");
  const env = {
    REDIS_URL: redis.url,
    STORE_KEY_PREFIX: prefix,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  a = await startApp({ env });
  b = await startApp({ env, seed: false });
});

test.afterAll(async () => {
  await a?.stop();
  await b?.stop();
  if (redis && prefix) await deleteKeysWithPrefix(redis.url, prefix);
});

test.beforeEach(() => {
  test.skip(!redis, "no Redis available");
});

test("'Sign out of all other sessions' on one instance logs out a browser using the other", async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const onA = await first.newPage();
    await logIn(onA, a!.url);
    await expect(onA.getByTestId("organizer-name")).toHaveText(JOHN.name);
    const onB = await second.newPage();
    await logIn(onB, b!.url);
    await expect(onB.getByTestId("organizer-name")).toHaveText(JOHN.name);

    await onA.goto(`${a!.url}/organizer/account/sessions`);
    await expect(onA.getByTestId("session")).toHaveCount(2);
    await onA.getByRole("button", { name: "Sign out of all other sessions" }).click();
    await expect(onA.getByRole("status")).toHaveText("Signed out of 1 other session.");

    await onB.goto(`${b!.url}/organizer`);
    await expectLoginPage(onB);
    await onA.goto(`${a!.url}/organizer`);
    await expect(onA.getByTestId("organizer-name")).toHaveText(JOHN.name);
  } finally {
    await first.close();
    await second.close();
  }
});

test("failed logins are counted across instances", async ({ page }) => {
  const email = "jane.smith@example.com";
  for (const [i, app] of [a!, b!, a!, b!, a!].entries()) {
    await logIn(page, app.url, { email, password: `wrong-${i}` });
    await expect(page.locator(".alert.error")).toHaveText("Invalid email or password");
  }
  await logIn(page, b!.url, { email, password: "password123" });
  await expect(page.locator(".alert.error")).toHaveText(
    /^Too many failed log-in attempts for this email address\. Try again in (1 minute|[1-5]?\d seconds?)\.$/,
  );
});

test("a reset link issued by one instance works on the other, once", async ({ page }) => {
  await page.goto(`${a!.url}/organizer/forgot-password`);
  await page.getByLabel("Email").fill(JOHN.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account exists");

  let link = "";
  await expect
    .poll(() => {
      const dir = path.join(a!.dataDir, "outbox");
      let files: string[] = [];
      try {
        files = readdirSync(dir);
      } catch {
        return "";
      }
      for (const file of files) {
        const match = /https?:\/\/\S+\/organizer\/reset-password\/[A-Za-z0-9_-]{43}/.exec(
          readFileSync(path.join(dir, file), "utf8"),
        );
        if (match) link = match[0];
      }
      return link;
    })
    .not.toBe("");
  const onB = link.replace(a!.url, b!.url);
  expect(onB.startsWith(b!.url)).toBe(true);

  await page.goto(onB);
  const newPassword = "reset-across-instances";
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expectLoginPage(page);

  await page.goto(link);
  await expect(page.locator(".alert.error")).toHaveText("This reset link has expired or was already used.");
  await logIn(page, a!.url, { password: newPassword });
  await expect(page.getByTestId("organizer-name")).toHaveText(JOHN.name);
});
