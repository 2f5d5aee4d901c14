import { expect, test, type Page } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { JOHN } from "./support/helpers";
import { dataSnapshot, noHorizontalScroll, rsvpLinkFor, signedInPage } from "./support/party";

// The organizer's event page as a host uses it (issue 15, hosts' items 8-10 and 12), against `next start`
// on the seeded demo data.

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

async function openEvent(page: Page, title: string): Promise<string> {
  await page.goto(`${app.url}/organizer`);
  await page.getByRole("link", { name: title, exact: true }).first().click();
  await expect(page.getByTestId("event-title")).toHaveText(title);
  return page.url().split(/[?#]/)[0]!;
}

async function top(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
}

test("on a phone, the event page has a section menu and the invitations come before the potluck and dietary lists", async ({
  browser,
}, testInfo) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN, PHONE);
  await openEvent(page, "Annual Holiday Party");
  const nav = page.getByRole("navigation", { name: "Event sections" });
  for (const name of [
    /^Overview/,
    /^Guests and invitations/,
    /^Announcements/,
    /^Comments/,
    /^Potluck/,
    /^Dietary/,
    /^Co-hosts/,
  ])
    await expect(nav.getByRole("link", { name })).toBeVisible();
  const invited = await page.getByTestId("guest-household").count();
  expect(invited).toBeGreaterThan(3);
  await expect(nav.getByRole("link", { name: /^Guests and invitations/ })).toContainText(`(${invited})`);

  // Invitations (with each household's link) come right after the overview, before the potluck and dietary lists.
  const invitations = await top(page, "#invitations");
  expect(invitations).toBeLessThan(await top(page, "#potluck"));
  expect(invitations).toBeLessThan(await top(page, "#dietary"));
  expect(await top(page, "[data-testid=rsvp-link]")).toBeLessThan(await top(page, "#potluck"));
  // Per-person answer forms are on demand, so the first links are not pushed down by them.
  await expect(page.getByRole("button", { name: "Set answer" })).toHaveCount(0);
  await noHorizontalScroll(page);

  await nav.getByRole("link", { name: /^Potluck/ }).click();
  await expect(page).toHaveURL(/#potluck$/);
  await expect(page.getByRole("heading", { name: "Potluck" })).toBeInViewport();

  // Setting an answer for a guest: open that household's forms, then set it.
  const johnsons = page.getByTestId("guest-household").filter({ hasText: "The Johnson Family" });
  await johnsons.getByRole("link", { name: "Set answers for The Johnson Family" }).click();
  const row = page.getByTestId("guest-row").filter({ hasText: "Alice Johnson" });
  await row.getByLabel("Answer for Alice Johnson").selectOption("maybe");
  await row.getByRole("button", { name: "Set answer" }).click();
  await expect(page.getByText("The answer was saved as set by you.")).toBeVisible();
  await expect(page.getByTestId("guest-row").filter({ hasText: "Alice Johnson" })).toContainText("set by host");
  const shots = process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs" : testInfo.outputPath();
  await page.goto(`${app.url}${new URL(page.url()).pathname}`);
  await page.screenshot({ path: `${shots}/event-phone.png` });
  await context.close();

  const desktop = await signedInPage(browser, app.url, JOHN, { viewport: { width: 1200, height: 900 } });
  await openEvent(desktop.page, "Annual Holiday Party");
  await desktop.page.screenshot({ path: `${shots}/event.png` });
  await desktop.context.close();
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false, ...PHONE });

  test("revoking a link, making a new one, removing a household and cancelling the event each ask first", async ({
    browser,
  }) => {
    const { context, page } = await signedInPage(browser, app.url, JOHN, { javaScriptEnabled: false, ...PHONE });
    await openEvent(page, "Cookie Decorating Afternoon");
    const link = await rsvpLinkFor(page, "The Johnson Family");
    const block = () => page.getByTestId("invitation").filter({ hasText: "The Johnson Family" });
    const before = dataSnapshot(app.dataDir);

    // The first click only asks, and says what happens to the guests; nothing is changed.
    for (const [first, says] of [
      ["Revoke link", "can no longer see or change their answers"],
      ["New link", "The current link stops working"],
      ["Remove from guest list", "their answers, note and potluck claims for this party are deleted"],
    ] as const) {
      await block().getByText(first, { exact: true }).click();
      await expect(block()).toContainText(says);
    }
    await page.getByText("Cancel event", { exact: true }).click();
    await expect(page.getByText("Guests opening their link will see that the party is off")).toBeVisible();
    expect(dataSnapshot(app.dataDir), "asking changed nothing").toEqual(before);
    const guest = await browser.newContext();
    expect((await (await guest.newPage()).goto(link))!.status()).toBe(200);

    // Confirming acts.
    await block().getByRole("button", { name: "Yes, revoke the link" }).click();
    await expect(page.getByText("The link was revoked")).toBeVisible();
    expect((await (await guest.newPage()).goto(link))!.status()).toBe(404);
    await block().getByText("New link", { exact: true }).click();
    await block().getByRole("button", { name: "Yes, make a new link" }).click();
    await expect(page.getByText("A new link was made")).toBeVisible();
    await page.getByText("Cancel event", { exact: true }).click();
    await page.getByRole("button", { name: "Yes, cancel the event" }).click();
    await expect(page.getByText("The event is cancelled.")).toBeVisible();
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("The event is published")).toBeVisible();
    await guest.close();
    await context.close();
  });
});

test("notices say what is true: created published or as a draft, invited to a draft", async ({ browser }) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN);
  for (const [status, created, invited] of [
    ["published", /Event created and published/, /Invited\. Copy each household's link/],
    [
      "draft",
      /Event created as a draft\. Invite households below, then publish it/,
      /still a draft, so their links do not open yet/,
    ],
  ] as const) {
    await page.goto(`${app.url}/organizer/events/new`);
    await page.getByLabel("Title").fill(`Notice check ${status} ${Date.now()}`);
    await page.getByLabel("Place").fill("Home");
    await page.getByLabel("Status").selectOption(status);
    await page.getByRole("button", { name: "Create event" }).click();
    const notice = page.getByRole("status").filter({ hasText: "Event created" });
    await expect(notice).toHaveText(created);
    if (status === "published") await expect(notice).not.toContainText("publish it");
    await page.locator("#invitations").getByLabel("The Johnson Family").check();
    await page.locator("#invitations").getByRole("button", { name: "Invite selected" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Invited" })).toHaveText(invited);
  }
  await context.close();
});

test("guest search ignores accents: 'muller' finds the Müllers in the address book and on the event page", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN);
  await page.goto(`${app.url}/organizer/guests`);
  await page.getByLabel("Household name").fill("The Müllers");
  await page.getByRole("button", { name: "Add household" }).click();
  await page.locator("#add-person").getByLabel("First name").fill("Jürgen");
  await page.locator("#add-person").getByLabel("Last name").fill("Müller");
  await page.locator("#add-person").getByRole("button", { name: "Add person" }).click();
  await expect(page.getByTestId("person")).toHaveCount(1);
  await page.goto(`${app.url}/organizer/guests?q=muller`);
  await expect(page.getByTestId("household-list")).toContainText("The Müllers");
  await page.goto(`${app.url}/organizer/guests?q=JURGEN`);
  await expect(page.getByTestId("household-list")).toContainText("Jürgen Müller");

  const eventUrl = await openEvent(page, "Cookie Decorating Afternoon");
  await page.locator("#invitations").getByLabel("The Müllers").check();
  await page.locator("#invitations").getByRole("button", { name: "Invite selected" }).click();
  // The invite redirects back to this page: search on the page it lands on, not the one it leaves.
  await expect(page.getByRole("status").filter({ hasText: "Invited" })).toBeVisible();
  await page.getByLabel("Search the guest list").fill("muller");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${eventUrl}\\?q=muller`));
  await expect(page.getByTestId("guest-household")).toHaveCount(1);
  await expect(page.getByTestId("guest-household")).toContainText("The Müllers");
  await context.close();
});

test("'Copy all links' copies every household with its link; the CSV has the links and its times' zone", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN, {
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const eventUrl = await openEvent(page, "Annual Holiday Party");
  await page.getByRole("button", { name: "Copy all links" }).click();
  await expect(page.getByText(/^Copied \d+ links$/)).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const lines = copied.trim().split("\n");
  expect(lines.length).toBe(await page.getByTestId("rsvp-link").count());
  expect(lines).toContain(`The Johnson Family: ${await rsvpLinkFor(page, "The Johnson Family")}`);
  for (const line of lines) expect(line).toMatch(new RegExp(`^.+: ${app.url}/rsvp/[A-Za-z0-9_-]{43}$`));

  const csv = await (await page.request.get(`${eventUrl}/guests.csv`)).text();
  const [header, ...rows] = csv.replace("\uFEFF", "").trim().split("\r\n");
  expect(header).toContain('"Answered at (America/New_York)"');
  expect(header).toMatch(/"RSVP link"$/);
  expect(rows.find((r) => r.startsWith('"The Johnson Family"'))).toContain(
    `"${await rsvpLinkFor(page, "The Johnson Family")}"`,
  );
  await context.close();
});

test("a new event's time zone is the browser's, under its current name, in a searchable field that takes old names too", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN, { timezoneId: "Asia/Kolkata" });
  await page.goto(`${app.url}/organizer/events/new`);
  const zone = page.getByLabel("Time zone");
  await expect(zone).toHaveValue("Asia/Kolkata");
  expect(await zone.getAttribute("list")).toBe("time-zones");
  const options = await page
    .locator("#time-zones option")
    .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
  expect(options).toEqual(expect.arrayContaining(["Asia/Kolkata", "Europe/Kyiv", "America/New_York", "UTC"]));
  expect(options).not.toContain("Asia/Calcutta");
  expect(options).not.toContain("Europe/Kiev");
  await page.getByLabel("Title").fill(`Kyiv party ${Date.now()}`);
  await page.getByLabel("Place").fill("Podil");
  await zone.fill("Europe/Kiev");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByText("Event created")).toBeVisible();
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Kiev");
  await context.close();
});

test.describe("with JavaScript off, on a phone", () => {
  test.use({ javaScriptEnabled: false, ...PHONE });

  test("a party date or RSVP deadline already over asks 'Yes, the date is right' before saving", async ({
    browser,
  }) => {
    const { context, page } = await signedInPage(browser, app.url, JOHN, { javaScriptEnabled: false, ...PHONE });
    await page.goto(`${app.url}/organizer/events/new`);
    await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York"); // the server's default without JS
    const title = `Looking back ${Date.now()}`;
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Place").fill("The Barn");
    await page.getByLabel("Starts").fill("2021-12-20T18:00");
    await page.getByLabel("Ends").fill("2021-12-20T23:00");
    await page.getByLabel("RSVP deadline").fill("");
    const before = dataSnapshot(app.dataDir);
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.locator("#startsAt-error")).toContainText("This start is in the past");
    await expect(page.getByLabel("Title")).toHaveValue(title);
    expect(dataSnapshot(app.dataDir), "nothing saved before confirming").toEqual(before);
    await page.getByLabel("Yes, the date is right").check();
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.getByTestId("event-title")).toHaveText(title);

    // A deadline already passed for a party still to come asks too.
    await page.goto(`${app.url}/organizer/events/new`);
    await page.getByLabel("Title").fill(`${title} 2`);
    await page.getByLabel("Place").fill("The Barn");
    await page.getByLabel("RSVP deadline").fill("2021-01-01T10:00");
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.locator("#rsvpDeadline-error")).toContainText("This RSVP deadline has already passed");
    await page.getByLabel("Yes, the date is right").check();
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.getByTestId("event-title")).toHaveText(`${title} 2`);
    await context.close();
  });
});

test("on a phone, the header keeps 'Log out' beside the name, 'Account' sits with the other sections, and long titles wrap", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN, PHONE);
  const nav = page.getByRole("navigation", { name: "Organizer" });
  await expect(nav.getByRole("link", { name: "Account" })).toBeVisible();
  const weight = (name: string) => nav.getByRole("link", { name }).evaluate((el) => getComputedStyle(el).fontWeight);
  expect(await weight("Account")).toBe(await weight("Events"));
  const logOut = await page.getByRole("button", { name: "Log out" }).boundingBox();
  const who = await page.getByTestId("organizer-name").boundingBox();
  expect(logOut && who, "both shown").toBeTruthy();
  // Same row: their vertical extents overlap.
  expect(Math.abs(logOut!.y + logOut!.height / 2 - (who!.y + who!.height / 2))).toBeLessThan(logOut!.height / 2);

  const title = `Grandma's-famous-gingerbread-and-eggnog-extravaganza-${Date.now()}`;
  await page.goto(`${app.url}/organizer/events/new`);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Place").fill("Home");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByTestId("event-title")).toHaveText(title);
  await noHorizontalScroll(page);
  await page.goto(`${app.url}/organizer`);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await noHorizontalScroll(page);
  await context.close();
});

test("'Host it again' copies a party a year on as a draft, with its potluck list and its guests under new links", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN, PHONE);
  const sourceUrl = await openEvent(page, "Cookie Decorating Afternoon");
  const households = await page.getByTestId("guest-household").count();
  const items = await page.getByTestId("potluck-item").count();
  const oldLinks = await page
    .getByTestId("rsvp-link")
    .evaluateAll((all) => all.map((i) => (i as HTMLInputElement).value));
  expect(households).toBeGreaterThan(0);
  await page.goto(`${sourceUrl}/edit`);
  const starts = await page.getByLabel("Starts").inputValue();

  await page.goto(sourceUrl);
  await page.getByRole("link", { name: "Host it again" }).click();
  await expect(page.getByLabel("Title")).toHaveValue("Cookie Decorating Afternoon");
  await expect(page.getByLabel("Starts")).toHaveValue(`${Number(starts.slice(0, 4)) + 1}${starts.slice(4)}`);
  await expect(page.getByLabel("Status")).toHaveValue("draft");
  await page.getByLabel("Title").fill("Cookie Decorating Afternoon, again");
  await page.getByRole("button", { name: "Create the new party" }).click();

  await expect(page.getByTestId("event-title")).toHaveText("Cookie Decorating Afternoon, again");
  await expect(page.getByText("Party copied with its potluck list and guest list.")).toBeVisible();
  await expect(page.getByText("This event is a draft")).toBeVisible();
  await expect(page.getByTestId("guest-household")).toHaveCount(households);
  await expect(page.getByTestId("potluck-item")).toHaveCount(items);
  await expect(page.getByTestId("potluck-claims")).toHaveCount(0);
  await expect(page.getByTestId("count-attending")).toHaveText("0");
  const newLinks = await page
    .getByTestId("rsvp-link")
    .evaluateAll((all) => all.map((i) => (i as HTMLInputElement).value));
  expect(newLinks).toHaveLength(oldLinks.length);
  for (const link of newLinks) expect(oldLinks).not.toContain(link);
  await noHorizontalScroll(page);
  await context.close();
});
