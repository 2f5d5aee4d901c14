import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { JOHN } from "./support/helpers";
import { JANE, signedInPage } from "./support/party";

// Co-hosts end to end against `next start` with the dev outbox (issue 18, items 1, 2 and 6): John invites Jane
// by email, Jane opens the mailed link, logs in, accepts, edits the event and invites a household from HER
// address book; John removes her and her next click and page load are refused; ownership goes both ways; two
// owners' views racing to remove each other leave exactly one owner.

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

function decodeQp(body: string): string {
  return Buffer.from(
    body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    "latin1",
  ).toString("utf8");
}

/** The co-host links mailed to `address` so far (decoded from the outbox's .eml files), oldest first. */
function cohostLinks(address: string): string[] {
  const dir = path.join(app.dataDir, "outbox");
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".eml"))
      .sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const raw = readFileSync(path.join(dir, name), "utf8");
    const head = raw.split("\r\n\r\n")[0]!.replace(/\r\n[ \t]+/g, " ");
    if (!/^to:.*$/im.exec(head)?.[0].toLowerCase().includes(address)) return [];
    const text = decodeQp(raw);
    const link = /https?:\/\/[^\s"<>]+\/organizer\/cohost\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    return link ? [link] : [];
  });
}

/** The link of the one co-host mail to `address` that was not in the outbox before (files are named by key). */
async function nextCohostLink(address: string, before: readonly string[]): Promise<string> {
  const fresh = () => cohostLinks(address).filter((link) => !before.includes(link));
  await expect.poll(() => fresh().length, { timeout: 30_000 }).toBe(1);
  return fresh()[0]!;
}

async function eventUrlOf(page: Page, title: string): Promise<string> {
  await page.goto(`${app.url}/organizer`);
  const href = await page.getByRole("link", { name: title, exact: true }).first().getAttribute("href");
  return `${app.url}${href}`;
}

async function inviteCohost(page: Page, eventUrl: string, email: string): Promise<void> {
  await page.goto(`${eventUrl}#cohosts`);
  const section = page.getByTestId("cohosts-section");
  await section.getByLabel("Co-host's email").fill(email.toUpperCase());
  await section.getByRole("button", { name: "Invite co-host" }).click();
  await expect(page.getByText("Invitation sent: the link in the mail works once")).toBeVisible();
  await expect(
    page.getByTestId("cohost-invite").filter({ hasText: email }).filter({ hasText: "Pending" }).first(),
  ).toBeVisible();
}

test("John invites Jane by mail; she accepts, edits and invites her own household; once removed, her next click and page load are 404", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const john = await signedInPage(browser, app.url, JOHN);
  const eventUrl = await eventUrlOf(john.page, "Annual Holiday Party");
  const mailed = cohostLinks(JANE.email);
  await inviteCohost(john.page, eventUrl, JANE.email);
  const link = await nextCohostLink(JANE.email, mailed);
  expect(link.startsWith(app.url)).toBe(true);

  // Jane, not signed in, opens the mailed link: log in, come back to the link, accept, land on the event.
  const janeContext = await browser.newContext();
  const jane = await janeContext.newPage();
  await jane.goto(link);
  await expect(jane.getByRole("link", { name: `Create an account with ${JANE.email}` })).toBeVisible();
  await jane.getByRole("link", { name: "Log in to accept" }).click();
  await jane.getByLabel("Email").fill(JANE.email);
  await jane.getByLabel("Password").fill(JANE.password);
  await jane.getByRole("button", { name: "Log in" }).click();
  await expect(jane).toHaveURL(link);
  await jane.getByRole("button", { name: "Accept and open the event" }).click();
  await expect(jane).toHaveURL(new RegExp(`${eventUrl.replace(/[?]/g, "\\?")}\\?notice=cohost-joined`));
  await expect(jane.getByText("You are now a co-host of this event.")).toBeVisible();
  await expect(jane.getByTestId("my-role")).toContainText("You co-host this event");
  // The link was single use.
  expect((await jane.goto(link))!.status()).toBe(404);

  // Her dashboard lists it, marked as co-hosted; her own events carry no mark.
  await jane.goto(`${app.url}/organizer`);
  const card = jane.getByTestId("event-card").filter({ hasText: "Annual Holiday Party" });
  await expect(card.getByTestId("cohost-badge")).toHaveText("Co-host");
  await expect(
    jane.getByTestId("event-card").filter({ hasText: "Neighborhood Ornament Exchange" }).getByTestId("cohost-badge"),
  ).toHaveCount(0);

  // She edits the event.
  await jane.goto(`${eventUrl}/edit`);
  await jane.getByLabel("Title").fill("Annual Holiday Party (with Jane)");
  await jane.getByRole("button", { name: "Save changes" }).click();
  await expect(jane.getByText("Changes saved.")).toBeVisible();
  // She invites a household from her own address book (John's Smiths are not offered to her).
  await jane.goto(eventUrl);
  const invitations = jane.locator("#invitations");
  await expect(invitations.getByLabel("The Smith Family", { exact: true })).toHaveCount(0);
  await invitations.getByLabel("The Rivera Family").check();
  await invitations.getByRole("button", { name: "Invite selected" }).click();
  await expect(jane.getByText(/^Invited\./).first()).toBeVisible();

  // John sees her change and her guests; he removes her while her page is open.
  await jane.goto(eventUrl);
  await john.page.goto(`${eventUrl}#cohosts`);
  await expect(john.page.getByText("Annual Holiday Party (with Jane)").first()).toBeVisible();
  await expect(john.page.getByText("The Rivera Family").first()).toBeVisible();
  await john.page.getByTestId("cohost").filter({ hasText: JANE.email }).getByRole("button", { name: "Remove" }).click();
  await expect(john.page.getByText("The co-host was removed.")).toBeVisible();
  // The household she invited stays on the guest list (the event keeps its copy).
  await expect(john.page.getByText("The Rivera Family").first()).toBeVisible();

  // Jane's next click on her open page (a Server Action) is refused with the 404, nothing added.
  await jane.getByText("Add a dish or item").click();
  await jane.locator("#new-item-name").fill("Sneaky pie");
  await jane.getByRole("button", { name: "Add item" }).click();
  await expect(jane.getByRole("heading", { name: "Not found" })).toBeVisible();
  // And every page and export of the event, from then on.
  for (const url of [eventUrl, `${eventUrl}/edit`]) expect((await jane.goto(url))!.status(), url).toBe(404);
  for (const url of [`${eventUrl}/guests.csv`, `${eventUrl}/links.txt`, `${eventUrl}/event.ics`])
    expect((await jane.request.get(url)).status(), url).toBe(404);
  await jane.goto(`${app.url}/organizer`);
  await expect(jane.getByTestId("event-card").filter({ hasText: "Annual Holiday Party" })).toHaveCount(0);
  await john.page.goto(eventUrl);
  await expect(john.page.getByText("Sneaky pie")).toHaveCount(0);
  await janeContext.close();
  await john.context.close();
});

test("ownership goes from John to Jane and back, each one commit; only the owner can delete or manage co-hosts", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const john = await signedInPage(browser, app.url, JOHN);
  const jane = await signedInPage(browser, app.url, JANE);
  const eventUrl = await eventUrlOf(john.page, "Cookie Decorating Afternoon");
  const mailed = cohostLinks(JANE.email);
  await inviteCohost(john.page, eventUrl, JANE.email);
  await jane.page.goto(await nextCohostLink(JANE.email, mailed));
  await jane.page.getByRole("button", { name: "Accept and open the event" }).click();
  await expect(jane.page.getByTestId("my-role")).toContainText("You co-host this event");
  // A co-host sees no delete, no co-host management.
  await expect(jane.page.getByText("Delete this event…")).toHaveCount(0);
  await expect(jane.page.getByRole("button", { name: "Make owner" })).toHaveCount(0);

  await john.page.goto(`${eventUrl}#cohosts`);
  await john.page
    .getByTestId("cohost")
    .filter({ hasText: JANE.email })
    .getByRole("button", { name: "Make owner" })
    .click();
  await expect(john.page.getByText("The event now belongs to its new owner")).toBeVisible();
  await expect(john.page.getByTestId("my-role")).toContainText("You co-host this event");
  await expect(john.page.getByText("Delete this event…")).toHaveCount(0);

  await jane.page.goto(`${eventUrl}#cohosts`);
  await expect(jane.page.getByTestId("my-role")).toContainText("You own this event");
  await expect(jane.page.getByText("Delete this event…")).toBeVisible();
  await jane.page
    .getByTestId("cohost")
    .filter({ hasText: JOHN.email })
    .getByRole("button", { name: "Make owner" })
    .click();
  await expect(jane.page.getByTestId("my-role")).toContainText("You co-host this event");
  await john.page.goto(eventUrl);
  await expect(john.page.getByTestId("my-role")).toContainText("You own this event");
  await john.context.close();
  await jane.context.close();
});

test("two owners' views removing each other at once leave exactly one owner", async ({ browser }) => {
  test.setTimeout(180_000);
  const john = await signedInPage(browser, app.url, JOHN);
  const jane = await signedInPage(browser, app.url, JANE);
  const eventUrl = await eventUrlOf(john.page, "Winter Solstice Dinner");
  const mailed = cohostLinks(JANE.email);
  await inviteCohost(john.page, eventUrl, JANE.email);
  await jane.page.goto(await nextCohostLink(JANE.email, mailed));
  await jane.page.getByRole("button", { name: "Accept and open the event" }).click();
  await expect(jane.page.getByTestId("my-role")).toContainText("You co-host this event");

  // John keeps an owner's view open in a second browser (without JavaScript: its button is a plain form POST);
  // in the first he hands the event to Jane, who opens her owner's view. Both owners' views (John's stale one
  // and Jane's) then remove the other at the same time.
  const johnsStale = await signedInPage(browser, app.url, JOHN, { javaScriptEnabled: false });
  await johnsStale.page.goto(`${eventUrl}#cohosts`);
  await expect(johnsStale.page.getByTestId("my-role")).toContainText("You own this event");
  await john.page.goto(`${eventUrl}#cohosts`);
  await john.page
    .getByTestId("cohost")
    .filter({ hasText: JANE.email })
    .getByRole("button", { name: "Make owner" })
    .click();
  await expect(john.page.getByTestId("my-role")).toContainText("You co-host this event");
  await jane.page.goto(`${eventUrl}#cohosts`);
  await expect(jane.page.getByTestId("my-role")).toContainText("You own this event");
  const [staleAnswer] = await Promise.all([
    johnsStale.page.waitForNavigation(),
    johnsStale.page
      .getByTestId("cohost")
      .filter({ hasText: JANE.email })
      .getByRole("button", { name: "Remove" })
      .click(),
    jane.page.getByTestId("cohost").filter({ hasText: JOHN.email }).getByRole("button", { name: "Remove" }).click(),
  ]);
  // John's stale owner's view is refused (he is no longer the owner, or no longer a host at all): a 404.
  expect(staleAnswer?.request().method()).toBe("POST");
  expect(staleAnswer?.status()).toBe(404);
  await expect(jane.page.getByText("The co-host was removed.")).toBeVisible();
  await jane.page.goto(eventUrl);
  await expect(jane.page.getByTestId("my-role")).toContainText("You own this event");
  await expect(jane.page.getByTestId("cohost")).toHaveCount(0);
  expect((await john.page.goto(eventUrl))!.status()).toBe(404);
  await johnsStale.context.close();
  await john.context.close();
  await jane.context.close();
});
