import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { JOHN } from "./support/helpers";
import { signedInPage } from "./support/party";

// Announcements and the guests' message wall, end to end against `next start` with the dev outbox: the host
// posts (bad input first), every household sees it on its RSVP page as text, the outbox has the mail for the
// attending and undecided households only; guests comment (one with JavaScript off), another household sees
// it, the host hides it, the cap holds with a clear message.
//
// The seeded "Annual Holiday Party": the Smiths, Johnsons, Garcias and Patels are attending, the Chens and
// Nguyens have not answered, the O'Briens said maybe, the Williamses (Mary alone) declined.

let app: AppServer;
const TITLE = "Annual Holiday Party";
const PAYLOAD = `Parking moved to the back lot.\nBring a <b>torch</b> <script>window.__pwned = 1</script>`;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

function outboxHeaders(): { subject: string; to: string }[] {
  const dir = path.join(app.dataDir, "outbox");
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".eml"));
  } catch {
    return [];
  }
  return names.map((name) => {
    const head = readFileSync(path.join(dir, name), "utf8")
      .split("\r\n\r\n")[0]!
      .replace(/\r\n[ \t]+/g, " ");
    const value = (h: string) =>
      head
        .split("\r\n")
        .find((l) => l.toLowerCase().startsWith(`${h}:`))
        ?.slice(h.length + 1)
        .trim() ?? "";
    return { subject: value("subject"), to: value("to") };
  });
}

async function eventUrl(page: Page): Promise<string> {
  await page.goto(`${app.url}/organizer`);
  const href = await page.getByRole("link", { name: TITLE, exact: true }).first().getAttribute("href");
  return `${app.url}${href}`;
}

/** Each household's RSVP link, from the organizer's links.txt export. */
async function rsvpLinks(page: Page, url: string): Promise<Map<string, string>> {
  const response = await page.request.get(`${url}/links.txt`);
  expect(response.status()).toBe(200);
  const links = new Map<string, string>();
  for (const line of (await response.text()).split("\n")) {
    const match = /^(.*): (http\S+)$/.exec(line);
    if (match) links.set(match[1]!, match[2]!);
  }
  return links;
}

async function guestPage(browser: Browser, link: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(link);
  return page;
}

test("the host posts an announcement: every household sees it as text, attending and undecided ones get it by mail", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { page } = await signedInPage(browser, app.url, JOHN);
  const url = await eventUrl(page);
  await page.goto(url);
  const section = page.locator("#announcements");
  await expect(section.getByRole("heading", { name: "Announcements" })).toBeVisible();
  // The default audience: attending and not answered yet.
  await expect(section.getByLabel("Attending", { exact: true })).toBeChecked();
  await expect(section.getByLabel("Not answered yet")).toBeChecked();
  await expect(section.getByLabel("Maybe")).not.toBeChecked();
  await expect(section.getByLabel("Not attending")).not.toBeChecked();

  // Too long: the message sits next to the field, what was typed stays, nothing is posted.
  await section.getByLabel("Announcement").fill("x".repeat(2001));
  await section.getByRole("button", { name: "Post announcement" }).click();
  await expect(section.locator("#announcement-body-error")).toHaveText(
    "Keep the announcement to 2,000 characters or fewer",
  );
  await expect(section.getByLabel("Announcement")).toHaveValue("x".repeat(2001));
  await expect(section.getByTestId("announcement")).toHaveCount(0);

  await section.getByLabel("Announcement").fill(PAYLOAD);
  await section.getByRole("button", { name: "Post announcement" }).click();
  await expect(page.getByText("Announcement posted")).toBeVisible();
  await expect(section.getByTestId("announcement")).toHaveCount(1);
  await expect(section.getByTestId("announcement").locator(".message-body")).toHaveText(PAYLOAD);

  // Mailed right after the request: the 4 attending and 2 undecided households, not the declined or maybe ones.
  const subject = `News from John Smith: ${TITLE}`;
  await expect.poll(() => outboxHeaders().filter((m) => m.subject === subject).length, { timeout: 30_000 }).toBe(6);
  const recipients = outboxHeaders()
    .filter((m) => m.subject === subject)
    .map((m) => m.to)
    .join(" ");
  for (const address of ["bob.johnson@", "wei.chen@", "anh.nguyen@", "raj.patel@", "carlos.garcia@"])
    expect(recipients).toContain(address);
  expect(recipients).not.toContain("mary.williams@");
  expect(recipients).not.toContain("sean.obrien@");
  // The event page says what was sent to whom.
  await page.reload();
  await expect(
    page
      .locator("#mail")
      .getByText(/Announcement: sent at/)
      .first(),
  ).toBeVisible();

  // Every invited household sees it, the declined one too, as text: no <b>, no script run, line break kept.
  const links = await rsvpLinks(page, url);
  const guest = await guestPage(browser, links.get("The Williams Household")!);
  const feed = guest.locator("#announcements");
  await expect(feed.getByTestId("guest-announcement")).toHaveCount(1);
  await expect(feed.locator(".message-body")).toHaveText(PAYLOAD);
  await expect(feed.locator("b, script")).toHaveCount(0);
  expect(await guest.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  const lines = await feed.locator(".message-body").evaluate((el) => (el as HTMLElement).innerText.split("\n").length);
  expect(lines).toBe(2);

  // Deleting asks first, then takes it off every RSVP page.
  await section.getByText("Delete", { exact: true }).click();
  await section.getByRole("button", { name: "Yes, delete this announcement" }).click();
  await expect(page.getByText("The announcement was deleted.")).toBeVisible();
  await guest.reload();
  await expect(guest.getByTestId("guest-announcement")).toHaveCount(0);
  await guest.context().close();
});

test("guests comment (also without JavaScript), other households see it, the host hides it, the cap holds", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { page } = await signedInPage(browser, app.url, JOHN);
  const url = await eventUrl(page);
  const links = await rsvpLinks(page, url);

  // The Chens comment with an HTML payload: it shows as text, under their household's name.
  const chens = await guestPage(browser, links.get("The Chen Family")!);
  const wall = chens.locator("#comments");
  const payload = "<b>Can't wait</b> <script>window.__pwned = 1</script>";
  await wall.getByLabel("Your comment").fill(payload);
  await wall.getByRole("button", { name: "Post comment" }).click();
  await expect(wall.getByText("Your comment is posted.")).toBeVisible();
  const comment = wall.getByTestId("guest-comment");
  await expect(comment).toHaveCount(1);
  await expect(comment.locator(".message-body")).toHaveText(payload);
  await expect(comment).toContainText("The Chen Family");
  await expect(comment.locator("b, script")).toHaveCount(0);

  // The Nguyens, with JavaScript off, see it and post their own (plain form posts).
  const nguyens = await guestPage(browser, links.get("The Nguyen Family")!, false);
  const theirWall = nguyens.locator("#comments");
  await expect(theirWall.getByTestId("guest-comment").filter({ hasText: "The Chen Family" })).toHaveCount(1);
  await expect(theirWall.getByRole("button", { name: "Delete my comment" })).toHaveCount(0);
  await theirWall.getByLabel("Your comment").fill("See you there!");
  await theirWall.getByRole("button", { name: "Post comment" }).click();
  await expect(theirWall.getByTestId("guest-comment").filter({ hasText: "See you there!" })).toHaveCount(1);
  // Their own comment can be deleted, still without JavaScript.
  await theirWall
    .getByTestId("guest-comment")
    .filter({ hasText: "See you there!" })
    .getByRole("button", { name: "Delete my comment" })
    .click();
  await expect(theirWall.getByText("Your comment was deleted.")).toBeVisible();
  await expect(theirWall.getByTestId("guest-comment").filter({ hasText: "See you there!" })).toHaveCount(0);

  // The host hides the Chens' comment: gone for the guests, shown as hidden to the host; then shown again.
  await page.goto(url);
  const hostComments = page.locator("#comments");
  const hostComment = hostComments.getByTestId("host-comment").filter({ hasText: "The Chen Family" });
  await expect(hostComment.locator(".message-body")).toHaveText(payload);
  await hostComment.getByRole("button", { name: "Hide" }).click();
  await expect(page.getByText("The comment is hidden from guests.")).toBeVisible();
  await expect(hostComment).toContainText("Hidden from guests");
  await nguyens.reload();
  await expect(theirWall.getByTestId("guest-comment")).toHaveCount(0);
  await chens.reload();
  await expect(wall.getByTestId("guest-comment")).toHaveCount(0);
  await hostComment.getByRole("button", { name: "Show again" }).click();
  await expect(page.getByText("The comment is visible to guests again.")).toBeVisible();
  await nguyens.reload();
  await expect(theirWall.getByTestId("guest-comment")).toHaveCount(1);

  // The cap: the Chens have 1 comment; 8 more, then a second tab takes the 10th while this one still shows
  // the form. Sending it says why nothing was posted, and keeps the text.
  for (let i = 2; i <= 9; i++) {
    await wall.getByLabel("Your comment").fill(`Comment number ${i}`);
    await wall.getByRole("button", { name: "Post comment" }).click();
    await expect(wall.getByTestId("guest-comment").filter({ hasText: `Comment number ${i}` })).toHaveCount(1);
  }
  const secondTab = await chens.context().newPage();
  await secondTab.goto(links.get("The Chen Family")!);
  await secondTab.locator("#comments").getByLabel("Your comment").fill("The tenth");
  await secondTab.locator("#comments").getByRole("button", { name: "Post comment" }).click();
  await expect(secondTab.locator("#comments").getByTestId("comment-cap")).toBeVisible();
  await wall.getByLabel("Your comment").fill("One too many");
  await wall.getByRole("button", { name: "Post comment" }).click();
  await expect(
    wall.getByRole("alert").filter({ hasText: "Your household has 10 comments on this party" }),
  ).toBeVisible();
  await expect(wall.getByLabel("Your comment")).toHaveValue("One too many");
  await chens.reload();
  await expect(wall.getByTestId("guest-comment").filter({ hasText: "One too many" })).toHaveCount(0);
  await expect(wall.getByTestId("guest-comment")).toHaveCount(10);
});
