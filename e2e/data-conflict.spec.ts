import { expect, test } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { JOHN } from "./support/helpers";
import { signedInPage } from "./support/party";

// Two tabs editing one event: the second save is refused with a clear message and keeps what was typed; saving
// again (now on the current version) goes through. A guest answering meanwhile does not count as a change.

let app: AppServer;
test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});
test.afterAll(async () => {
  await app?.stop();
});

test("the second of two tabs editing one event is told it changed, keeps its text, and can save again", async ({
  browser,
}) => {
  const { context, page: first } = await signedInPage(browser, app.url, JOHN);
  const href = await first
    .getByRole("link", { name: "Cookie Decorating Afternoon", exact: true })
    .first()
    .getAttribute("href");
  const eventUrl = `${app.url}${href}`;
  const second = await context.newPage();
  await first.goto(`${eventUrl}/edit`);
  await second.goto(`${eventUrl}/edit`);

  await first.getByLabel("Title").fill("Cookie Afternoon (tab one)");
  await first.getByRole("button", { name: "Save changes" }).click();
  await expect(first.getByText("Changes saved.")).toBeVisible();

  await second.getByLabel("Title").fill("Cookie Afternoon (tab two)");
  await second.getByLabel("Capacity").fill("24");
  await second.getByRole("button", { name: "Save changes" }).click();
  await expect(
    second.getByRole("alert").filter({ hasText: "This event was changed since you opened it" }),
  ).toBeVisible();
  await expect(second.getByLabel("Title")).toHaveValue("Cookie Afternoon (tab two)");
  await expect(second.getByLabel("Capacity")).toHaveValue("24");
  await first.goto(eventUrl);
  await expect(first.getByTestId("event-title")).toHaveText("Cookie Afternoon (tab one)");

  // Saving again replaces the other change, on purpose.
  await second.getByRole("button", { name: "Save changes" }).click();
  await expect(second.getByText("Changes saved.")).toBeVisible();
  await expect(second.getByTestId("event-title")).toHaveText("Cookie Afternoon (tab two)");
  await context.close();
});
