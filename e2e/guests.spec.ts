import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { JOHN } from "./support/helpers";
import { dataSnapshot, noHorizontalScroll, rsvpLinkFor, signedInPage } from "./support/party";

// What guests see (issue 15, items 3-7 and the guest-facing small things of 13), in Chromium against
// `next start` on a seeded fs DATA_DIR, at phone width where it matters, with JavaScript on and off.

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1200, height: 900 } };
const shotsDir = (fallback: string) => (process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs" : fallback);

async function eventUrlOf(page: Page, title: string): Promise<string> {
  await page.goto(`${app.url}/organizer`);
  const href = await page.getByRole("link", { name: title, exact: true }).first().getAttribute("href");
  return `${app.url}${href}`;
}

/** A new event of John's through the form, returning its page's URL. */
async function createEvent(
  page: Page,
  fields: { title: string; capacity?: string; address?: string; status?: string },
): Promise<string> {
  await page.goto(`${app.url}/organizer/events/new`);
  await page.getByLabel("Title").fill(fields.title);
  await page.getByLabel("Place").fill("Town Hall");
  await page.getByLabel("Address").fill(fields.address ?? "1 Civic Plaza");
  await page.getByLabel("Capacity").fill(fields.capacity ?? "");
  await page.getByLabel("Status").selectOption(fields.status ?? "published");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByTestId("event-title")).toHaveText(fields.title);
  return page.url().split("?")[0]!;
}

async function invite(page: Page, households: string[]): Promise<void> {
  const invitations = page.locator("#invitations");
  for (const name of households) await invitations.getByLabel(name).check();
  await invitations.getByRole("button", { name: "Invite selected" }).click();
  await expect(page.getByText("Invited.")).toBeVisible();
}

/** True when the element is entirely inside the window (not merely somewhere on the page). */
async function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
  });
}

async function guestPage(browser: Browser, link: string, options: Parameters<Browser["newContext"]>[0] = PHONE) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(link);
  return { context, page };
}

for (const javaScriptEnabled of [true, false]) {
  test(`the confirmation shows where the guest is looking, on a phone (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    const organizer = await signedInPage(browser, app.url, JOHN);
    await organizer.page.goto(await eventUrlOf(organizer.page, "Annual Holiday Party"));
    const link = await rsvpLinkFor(organizer.page, javaScriptEnabled ? "The Garcia Family" : "The Patel Household");
    await organizer.context.close();

    const { context, page } = await guestPage(browser, link, { ...PHONE, javaScriptEnabled });
    await page.getByTestId("person-answer").first().getByLabel("Maybe", { exact: true }).check();
    await page.getByRole("button", { name: "Send my answers" }).click();
    const saved = page.locator("#answers").getByRole("status");
    await expect(saved).toHaveText(/Thank you! Your answers are saved\./);
    await expect.poll(() => inViewport(saved), { message: "the answers' confirmation is on screen" }).toBe(true);
    await expect(page.getByTestId("person-answer").first().getByLabel("Maybe", { exact: true })).toBeChecked();

    // The same for a potluck claim, further down the page.
    const plates = page.getByTestId("guest-potluck-item").filter({ hasText: "Sparkling cider" });
    await plates.getByLabel("How many Sparkling cider you bring").selectOption("1");
    await plates.getByRole("button", { name: /Claim|Update/ }).click();
    const claimed = page.locator("#potluck").getByRole("status");
    await expect(claimed).toHaveText("Your potluck choice is saved.");
    await expect.poll(() => inViewport(claimed), { message: "the potluck confirmation is on screen" }).toBe(true);
    await context.close();
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`a claim that came too late says so in the potluck section and saves nothing (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    // The potluck buttons are plain form posts (no form state): a refusal comes back as a redirect that the
    // page explains. Two households, one dish for one: the second to claim it is refused.
    const organizer = await signedInPage(browser, app.url, JOHN);
    const title = `Last pie ${javaScriptEnabled ? "js" : "nojs"}`;
    const eventUrl = await createEvent(organizer.page, { title });
    const potluck = organizer.page.locator("#potluck");
    await potluck.getByLabel("Dish or item").fill("The last pie");
    await potluck.getByLabel("Category").selectOption("dessert");
    await potluck.getByLabel("How many needed").fill("1");
    await potluck.getByRole("button", { name: "Add item" }).click();
    await expect(organizer.page.getByTestId("potluck-item")).toContainText("0 of 1 claimed");
    await invite(organizer.page, ["The Garcia Family", "The Patel Household"]);
    const links = [
      await rsvpLinkFor(organizer.page, "The Garcia Family"),
      await rsvpLinkFor(organizer.page, "The Patel Household"),
    ];

    const late = await guestPage(browser, links[0]!, { ...PHONE, javaScriptEnabled });
    const early = await guestPage(browser, links[1]!, { ...PHONE, javaScriptEnabled });
    const pie = (page: Page) => page.getByTestId("guest-potluck-item").filter({ hasText: "The last pie" });
    await pie(early.page).getByLabel("How many The last pie you bring").selectOption("1");
    await pie(early.page).getByRole("button", { name: "Claim" }).click();
    await expect(early.page.locator("#potluck").getByRole("status")).toHaveText("Your potluck choice is saved.");

    const before = dataSnapshot(app.dataDir);
    await pie(late.page).getByLabel("How many The last pie you bring").selectOption("1");
    await pie(late.page).getByRole("button", { name: "Claim" }).click();
    const refused = late.page.locator("#potluck").getByRole("alert");
    await expect(refused).toHaveText(/Not that many are left .* nothing was changed\./);
    await expect.poll(() => inViewport(refused), { message: "the refusal is on screen" }).toBe(true);
    await expect(pie(late.page)).toContainText("1 of 1 claimed");
    await expect(pie(late.page)).toContainText("All claimed");
    expect(dataSnapshot(app.dataDir)).toEqual(before);

    // The host sees one claim: the early household's.
    await organizer.page.goto(eventUrl);
    await expect(organizer.page.getByTestId("potluck-item")).toContainText("1 of 1 claimed");
    for (const guest of [late, early, organizer]) await guest.context.close();
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`the potluck list is one form: the pressed dish is saved, the others are not; the household's own dish is removed (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    const organizer = await signedInPage(browser, app.url, JOHN);
    const title = `One form ${javaScriptEnabled ? "js" : "nojs"}`;
    await createEvent(organizer.page, { title });
    // The form under the list (each listed item has its own edit form with the same labels).
    const potluck = organizer.page.locator("#potluck form").filter({ has: organizer.page.locator("#new-item-name") });
    for (const [name, needed] of [
      ["Mulled wine", "3"],
      ["Gingerbread", "4"],
    ] as const) {
      // Under "Add a dish or item", closed once the list has an item.
      const add = organizer.page.locator("#potluck details.add-item");
      if ((await add.getAttribute("open")) === null) await add.locator("summary").click();
      await potluck.getByLabel("Dish or item").fill(name);
      await potluck.getByLabel("How many needed").fill(needed);
      await potluck.getByRole("button", { name: "Add item" }).click();
      await expect(organizer.page.getByTestId("potluck-item").filter({ hasText: name })).toBeVisible();
    }
    await invite(organizer.page, ["The Garcia Family"]);
    const link = await rsvpLinkFor(organizer.page, "The Garcia Family");
    await organizer.context.close();

    const { context, page } = await guestPage(browser, link, { ...PHONE, javaScriptEnabled });
    // One action id and one token for the whole list, however many dishes.
    const list = page.locator("#potluck form").filter({ has: page.getByTestId("guest-potluck-item") });
    await expect(list).toHaveCount(1);
    const html = await list.innerHTML();
    expect(html.match(/name="\$ACTION_ID_/g)).toHaveLength(1);
    expect(html.match(/name="token"/g)).toHaveLength(1);

    const dish = (name: string) => page.getByTestId("guest-potluck-item").filter({ hasText: name });
    await dish("Mulled wine").getByLabel("How many Mulled wine you bring").selectOption("2");
    await dish("Gingerbread").getByLabel("How many Gingerbread you bring").selectOption("3");
    let release = () => {};
    if (javaScriptEnabled) {
      // Hold the Server Action's request: while it runs only the pressed button says so, and none can be pressed.
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(
        (url) => url.pathname.startsWith("/rsvp/"),
        async (route) => {
          if (route.request().method() === "POST") await held;
          await route.continue();
        },
      );
    }
    await dish("Gingerbread").getByRole("button", { name: "Claim" }).click();
    if (javaScriptEnabled) {
      await expect(dish("Gingerbread").getByRole("button")).toHaveText("Saving…");
      await expect(dish("Gingerbread").getByRole("button")).toBeDisabled();
      await expect(dish("Mulled wine").getByRole("button")).toHaveText("Claim");
      await expect(dish("Mulled wine").getByRole("button")).toBeDisabled();
      release();
    }
    await expect(page.locator("#potluck").getByRole("status")).toHaveText("Your potluck choice is saved.");
    await expect(dish("Gingerbread")).toContainText("3 of 4 claimed · you bring 3");
    await expect(dish("Gingerbread").getByRole("button")).toHaveText("Update");
    await expect(dish("Mulled wine")).toContainText("0 of 3 claimed");
    await expect(dish("Mulled wine").getByLabel("How many Mulled wine you bring")).toHaveValue("0");

    // Withdrawing is choosing "none" and pressing Update.
    await dish("Gingerbread").getByLabel("How many Gingerbread you bring").selectOption("0");
    await dish("Gingerbread").getByRole("button", { name: "Update" }).click();
    await expect(dish("Gingerbread")).toContainText("0 of 4 claimed");
    await expect(dish("Gingerbread").getByRole("button")).toHaveText("Claim");

    // The household's own dish: added below the list, removed with its Remove button.
    await page.getByText("Bring something else").click();
    await page.getByLabel("Dish or item").fill("Tamales");
    await page.getByRole("button", { name: "Add my dish" }).click();
    await expect(dish("Tamales")).toContainText("Your dish");
    await dish("Tamales").getByRole("button", { name: "Remove" }).click();
    await expect(page.locator("#potluck").getByRole("status")).toHaveText("Your potluck choice is saved.");
    await expect(dish("Tamales")).toHaveCount(0);
    await expect(dish("Mulled wine")).toBeVisible();
    await context.close();
  });
}

test("an RSVP sent with no answer asks for one next to the people and saves nothing", async ({ browser }) => {
  const organizer = await signedInPage(browser, app.url, JOHN);
  await organizer.page.goto(await eventUrlOf(organizer.page, "Annual Holiday Party"));
  const link = await rsvpLinkFor(organizer.page, "The Nguyen Family");
  await organizer.context.close();

  const { context, page } = await guestPage(browser, link);
  const before = dataSnapshot(app.dataDir);
  await page.getByLabel("A note to the host").fill("Looking forward!");
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.getByTestId("people-error")).toHaveText(/Choose an answer for at least one person/);
  await expect(page.getByText("Thank you!")).toHaveCount(0);
  await expect(page.getByLabel("A note to the host")).toHaveValue("Looking forward!");
  await expect(page.getByTestId("person-answer").first()).toHaveAttribute("aria-describedby", "people-error");
  expect(dataSnapshot(app.dataDir)).toEqual(before);
  await context.close();
});

test("a full party puts 'attending' on the waitlist; the host sees it and promotes when a place frees up", async ({
  browser,
}, testInfo) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN, DESKTOP);
  const title = `Tiny Tea ${Date.now()}`;
  const eventUrl = await createEvent(page, { title, capacity: "2" });
  await invite(page, ["The Johnson Family", "The Nguyen Family"]);
  const johnsons = await rsvpLinkFor(page, "The Johnson Family");
  const nguyens = await rsvpLinkFor(page, "The Nguyen Family");

  // The Johnsons take both places.
  const first = await guestPage(browser, johnsons);
  await expect(first.page.getByTestId("places-left")).toHaveText("2 places left.");
  for (const row of await first.page.getByTestId("person-answer").all())
    await row.getByLabel("Attending", { exact: true }).check();
  await first.page.getByRole("button", { name: "Send my answers" }).click();
  await expect(first.page.locator("#answers").getByRole("status")).toContainText("Thank you!");

  // The Nguyens see it is full, and Anh goes on the waitlist.
  const second = await guestPage(browser, nguyens);
  await expect(second.page.getByTestId("places-left")).toContainText("The party is full");
  const anh = second.page.getByTestId("person-answer").filter({ hasText: "Anh Nguyen" });
  await anh.getByLabel("Attending", { exact: true }).check();
  await second.page.getByRole("button", { name: "Send my answers" }).click();
  const waitlisted = second.page.locator("#answers").getByRole("status");
  await expect(waitlisted).toContainText("You're on the waitlist");
  await expect.poll(() => inViewport(waitlisted)).toBe(true);
  await expect(anh).toContainText("On the waitlist");
  await noHorizontalScroll(second.page);
  await second.page.screenshot({ path: `${shotsDir(testInfo.outputPath())}/rsvp-waitlist.png` });

  // The host sees the waitlist; promoting while full is refused.
  await page.goto(eventUrl);
  const waitlist = page.getByTestId("waitlist");
  await expect(waitlist.getByTestId("places-free")).toHaveText("2 of 2 places taken · 0 free.");
  await expect(waitlist.getByTestId("waitlist-row")).toHaveCount(1);
  // In the guest list too, Anh is waiting, not coming.
  await expect(page.getByTestId("guest-row").filter({ hasText: "Anh Nguyen" }).locator(".badge")).toHaveText(
    "Waitlisted",
  );
  await waitlist
    .getByTestId("waitlist-row")
    .filter({ hasText: "Anh Nguyen" })
    .getByRole("button", { name: "Promote" })
    .click();
  await expect(page.getByTestId("waitlist").getByRole("alert")).toContainText("The party is full");

  // Bob can't come after all: a place frees up, and the host promotes Anh into it.
  await first.page.reload();
  await first.page
    .getByTestId("person-answer")
    .filter({ hasText: "Bob Johnson" })
    .getByLabel("Not attending", { exact: true })
    .check();
  await first.page.getByRole("button", { name: "Send my answers" }).click();
  await expect(first.page.locator("#answers").getByRole("status")).toContainText("Thank you!");
  await page.goto(eventUrl);
  await page.getByTestId("waitlist").getByRole("button", { name: "Promote" }).click();
  await expect(page.getByTestId("waitlist").getByRole("status")).toContainText("Promoted");
  await expect(page.getByTestId("waitlist").getByTestId("waitlist-row")).toHaveCount(0);
  await expect(page.getByTestId("count-attending")).toHaveText("2");

  await second.page.reload();
  await expect(second.page.getByTestId("person-answer").filter({ hasText: "Anh Nguyen" })).not.toContainText(
    "On the waitlist",
  );
  await expect(second.page.getByTestId("places-left")).toContainText("The party is full");
  await Promise.all([first.context.close(), second.context.close(), context.close()]);
});

test("a draft's link says the invitation is not open yet; after the deadline the answers read cleanly, with the host's email if shared", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN);
  const draftUrl = await createEvent(page, { title: `Secret Draft ${Date.now()}`, status: "draft" });
  await invite(page, ["The Chen Family"]);
  const draftLink = await rsvpLinkFor(page, "The Chen Family");

  const guest = await guestPage(browser, draftLink);
  await expect(guest.page.getByRole("heading", { name: "This invitation is not open yet" })).toBeVisible();
  await expect(guest.page.getByText("not valid")).toHaveCount(0);
  await expect(guest.page.getByText("Secret Draft")).toHaveCount(0);
  await expect(guest.page.getByRole("button", { name: "Send my answers" })).toHaveCount(0);
  expect(draftUrl).toContain("/organizer/events/");

  // The past dinner, with a household that has a child, and the host's email shared.
  const solstice = await eventUrlOf(page, "Winter Solstice Dinner");
  await page.goto(solstice);
  await invite(page, ["The Chen Family"]);
  const pastLink = await rsvpLinkFor(page, "The Chen Family");
  await guest.page.goto(pastLink);
  await expect(guest.page.getByTestId("closed")).toHaveText(
    "The RSVP deadline has passed. Here are your answers; to change them, contact John.",
  );
  const rows = guest.page.getByTestId("readonly-person");
  await expect(rows.filter({ hasText: "Emma Chen" })).toContainText("(child)");
  await expect(rows.filter({ hasText: "Emma Chen" })).toContainText("No reply");
  await expect(guest.page.getByTestId("readonly-answers")).not.toContainText(":");

  await page.goto(`${solstice}/edit`);
  await page.getByLabel("Share my email with guests").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await guest.page.reload();
  await expect(guest.page.getByTestId("closed")).toContainText("contact John at john.smith@example.com");
  await expect(guest.page.getByRole("link", { name: "john.smith@example.com" })).toHaveAttribute(
    "href",
    "mailto:john.smith@example.com",
  );
  await noHorizontalScroll(guest.page);
  await Promise.all([guest.context.close(), context.close()]);
});

test("link previews and tab titles: the party's title, date and host's first name only; organizer tabs by page", async ({
  browser,
  request,
}) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN);
  await expect(page).toHaveTitle("Dashboard · Holiday Party Planner");
  const eventUrl = await eventUrlOf(page, "Annual Holiday Party");
  await page.goto(eventUrl);
  await expect(page).toHaveTitle("Annual Holiday Party · Holiday Party Planner");
  await page.goto(`${eventUrl}/edit`);
  await expect(page).toHaveTitle("Edit: Annual Holiday Party · Holiday Party Planner");
  await page.getByRole("navigation", { name: "Organizer" }).getByRole("link", { name: "Guests" }).click();
  await expect(page).toHaveTitle("Guests · Holiday Party Planner");
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveTitle("Account · Holiday Party Planner");
  await page.goto(eventUrl);
  const link = await rsvpLinkFor(page, "The Johnson Family");

  // What a chat app's preview fetcher reads: the HTML, without a browser.
  const html = await (await request.get(link)).text();
  const meta = (property: string) =>
    html.match(new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`))?.[1];
  expect(html).toMatch(/<title>Annual Holiday Party – invitation · Holiday Party Planner<\/title>/);
  expect(meta("og:title")).toBe("Annual Holiday Party");
  expect(meta("og:description")).toMatch(/hosted by John$/);
  expect(meta("og:description")).toMatch(/\d{4}/);
  const preview = [
    meta("og:title"),
    meta("og:description"),
    meta("description"),
    meta("twitter:title"),
    meta("twitter:description"),
  ].join(" ");
  for (const privateBit of [
    "Smith",
    "Johnson",
    "Bob",
    "Community Center",
    "100 Community Way",
    "john.smith@example.com",
  ]) {
    expect(preview, `no ${privateBit} in the preview`).not.toContain(privateBit);
  }
  await context.close();
});

test("small things: no Map link without an address, one 'Dietary restrictions' per person, a styled 400 page", async ({
  browser,
  request,
}) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN, DESKTOP);
  await createEvent(page, { title: `Garden Party ${Date.now()}`, address: "" });
  await invite(page, ["The Smith Family"]);
  const link = await rsvpLinkFor(page, "The Smith Family");
  await expect(page.locator(".event-meta").getByRole("link", { name: "Map" })).toHaveCount(0);

  const guest = await guestPage(browser, link, DESKTOP);
  await expect(guest.page.getByTestId("event-title")).toBeVisible();
  await expect(guest.page.getByRole("link", { name: "Map" })).toHaveCount(0);
  const timmy = guest.page.getByTestId("person-answer").filter({ hasText: "Timmy Smith" });
  // Said once on screen (the disclosure); the fieldset inside keeps a legend for screen readers, drawn 1 px wide.
  const onScreen = (els: Element[]) =>
    els.filter((el) => el.getBoundingClientRect().width > 2 && el.getBoundingClientRect().height > 2).length;
  await expect(timmy.getByRole("group", { name: "Dietary restrictions of Timmy Smith" })).toBeAttached();
  expect(await timmy.getByText("Dietary restrictions", { exact: false }).evaluateAll(onScreen)).toBe(1);
  await expect(timmy.getByRole("group", { name: "Dietary restrictions of Timmy Smith" })).toBeAttached();

  const bad = await request.get(`${app.url}/rsvp/%E0%A4%A`);
  expect(bad.status()).toBe(400);
  const body = await bad.text();
  expect(body).toContain("<h1>Bad request</h1>");
  expect(body).toMatch(/<style[^>]*>/);
  await guest.page.goto(`${app.url}/organizer/events/%E0%A4%A`);
  await expect(guest.page.getByRole("heading", { name: "Bad request" })).toBeVisible();
  await expect(guest.page.getByRole("banner").getByRole("link", { name: "Holiday Party Planner" })).toBeVisible();
  await expect(guest.page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
  await expect(guest.page.getByText("part of a link may be missing or mistyped")).toBeVisible();
  await Promise.all([guest.context.close(), context.close()]);
});

test("the RSVP page on a desktop (screenshot for the docs)", async ({ browser }, testInfo) => {
  const organizer = await signedInPage(browser, app.url, JOHN);
  await organizer.page.goto(await eventUrlOf(organizer.page, "Annual Holiday Party"));
  const link = await rsvpLinkFor(organizer.page, "The Johnson Family");
  await organizer.context.close();
  const { context, page } = await guestPage(browser, link, DESKTOP);
  await expect(page.getByTestId("event-title")).toHaveText("Annual Holiday Party");
  await expect(page.getByTestId("places-left")).toHaveText(/\d+ places left\./);
  await noHorizontalScroll(page);
  await page.screenshot({ path: `${shotsDir(testInfo.outputPath())}/rsvp-desktop.png`, fullPage: true });
  await context.close();
});
