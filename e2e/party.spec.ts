import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { expectDashboard, JOHN } from "./support/helpers";
import {
  createOrganizer,
  dataSnapshot,
  JANE,
  lastSegment,
  noHorizontalScroll,
  rsvpLinkFor,
  signedInPage,
} from "./support/party";

// The party planner end to end, in Chromium against `next start` on a seeded fs DATA_DIR.

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const XSS = "<img src=x onerror=alert(1)>";

async function johnsEventUrl(page: Page, title: string): Promise<string> {
  await page.goto(`${app.url}/organizer`);
  const href = await page.getByRole("link", { name: title, exact: true }).first().getAttribute("href");
  return `${app.url}${href}`;
}

test("the dashboard and the RSVP page, on a desktop and on a phone (screenshots for the docs)", async ({
  browser,
}, testInfo) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN, { viewport: { width: 1200, height: 900 } });
  await page.reload(); // without the one-time welcome message
  const upcoming = page.getByTestId("upcoming-events").getByTestId("event-card");
  await expect(upcoming).toHaveCount(2);
  await expect(upcoming.first()).toContainText("Cookie Decorating Afternoon");
  await expect(upcoming.nth(1)).toContainText("Annual Holiday Party");
  await expect(upcoming.nth(1)).toContainText("Community Center");
  await expect(upcoming.nth(1).getByTestId("event-counts")).toContainText(
    "9 attending · 2 maybe · 2 not attending · 6 no reply",
  );
  await expect(page.getByTestId("past-events")).toContainText("Winter Solstice Dinner");
  const shots = process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs" : testInfo.outputPath();
  await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });

  await page.getByRole("link", { name: "Annual Holiday Party" }).click();
  const link = await rsvpLinkFor(page, "The Johnson Family");
  const guest = await browser.newContext(PHONE);
  const phone = await guest.newPage();
  await phone.goto(link);
  await expect(phone.getByTestId("event-title")).toHaveText("Annual Holiday Party");
  await expect(phone.getByText("The Johnson Family, you're invited by John Smith")).toBeVisible();
  await expect(phone.getByTestId("person-answer")).toHaveCount(2);
  const bob = phone.getByTestId("person-answer").filter({ hasText: "Bob Johnson" });
  await expect(bob.getByLabel("Attending", { exact: true })).toBeChecked();
  await noHorizontalScroll(phone);
  await phone.screenshot({ path: `${shots}/rsvp.png` });
  await phone.screenshot({ path: testInfo.outputPath("rsvp-full.png"), fullPage: true });
  await guest.close();
  await context.close();
});

test("an organizer plans a party and a guest answers it, end to end", async ({ browser }) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN, {
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const title = `Office Cookie Swap ${Date.now()}`;

  // 1. Create the event.
  await page.getByRole("link", { name: "New event" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Place").fill("Town Hall");
  await page.getByLabel("Address").fill("1 Civic Plaza");
  await page.getByLabel("Capacity").fill("10");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByTestId("event-title")).toHaveText(title);
  await expect(page.getByText("Event created and published.")).toBeVisible();
  const eventUrl = page.url().split("?")[0]!;

  // 2. A household with two people.
  await page.getByRole("navigation", { name: "Organizer" }).getByRole("link", { name: "Guests" }).click();
  await page.getByLabel("Household name").fill("The Testers");
  await page.getByLabel("Address").fill("5 Test Lane");
  await page.getByRole("button", { name: "Add household" }).click();
  await expect(page.getByTestId("household-name")).toHaveText("The Testers");
  const addPerson = page.locator("#add-person");
  await addPerson.getByLabel("First name").fill("Ann");
  await addPerson.getByLabel("Last name").fill("Tester");
  await addPerson.getByLabel("Email").fill("ann@example.com");
  await addPerson.getByLabel("Vegetarian").check();
  await addPerson.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText("Person added.")).toBeVisible();
  await addPerson.getByLabel("First name").fill("Tim");
  await addPerson.getByLabel("Last name").fill("Tester");
  await addPerson.getByLabel("Child").check();
  await addPerson.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByTestId("person")).toHaveCount(2);

  // 3. A dish to bring, and the invitation with its link.
  await page.goto(eventUrl);
  const potluck = page.locator("#potluck");
  await potluck.getByLabel("Dish or item").fill("Pumpkin pie");
  await potluck.getByLabel("Category").selectOption("dessert");
  await potluck.getByLabel("How many needed").fill("2");
  await potluck.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByTestId("potluck-item")).toContainText("0 of 2 claimed");
  const invitations = page.locator("#invitations");
  await invitations.getByLabel("The Testers").check();
  await invitations.getByRole("button", { name: "Invite selected" }).click();
  await expect(page.getByText("Invited. Copy each household's link")).toBeVisible();
  const invitation = page.getByTestId("invitation").filter({ hasText: "The Testers" });
  await invitation.getByRole("button", { name: "Copy link" }).click();
  await expect(invitation.getByText("Copied")).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(new RegExp(`^${app.url}/rsvp/[A-Za-z0-9_-]{43}$`));
  expect(link).toBe(await invitation.getByTestId("rsvp-link").inputValue());

  // 4. The guest, in a fresh browser on a phone: answers and claims the pie.
  const guestContext = await browser.newContext(PHONE);
  const guest = await guestContext.newPage();
  await guest.goto(link);
  await expect(guest.getByTestId("event-title")).toHaveText(title);
  await expect(guest.getByText("Town Hall, 1 Civic Plaza")).toBeVisible();
  const ann = guest.getByTestId("person-answer").filter({ hasText: "Ann Tester" });
  const tim = guest.getByTestId("person-answer").filter({ hasText: "Tim Tester" });
  await ann.getByLabel("Attending", { exact: true }).check();
  await expect(ann.getByLabel("Vegetarian")).toBeChecked(); // from the address book
  await tim.getByLabel("Maybe", { exact: true }).check();
  await tim.getByText("Dietary restrictions").first().click();
  await tim.getByLabel("Gluten-free").check();
  await guest.getByLabel("A note to the host").fill("We'll bring sparklers too!");
  await guest.getByRole("button", { name: "Send my answers" }).click();
  await expect(guest.getByText("Thank you! Your answers are saved.")).toBeVisible();
  const pie = guest.getByTestId("guest-potluck-item").filter({ hasText: "Pumpkin pie" });
  await pie.getByLabel("How many Pumpkin pie you bring").selectOption("1");
  await pie.getByRole("button", { name: "Claim" }).click();
  await expect(guest.getByText("Your potluck choice is saved.")).toBeVisible();
  await expect(guest.getByTestId("guest-potluck-item").filter({ hasText: "Pumpkin pie" })).toContainText(
    "1 of 2 claimed · you bring 1",
  );
  // Coming back with the same link shows the answers.
  await guest.goto(link);
  await expect(
    guest.getByTestId("person-answer").filter({ hasText: "Ann Tester" }).getByLabel("Attending", { exact: true }),
  ).toBeChecked();
  await guestContext.close();

  // 5. The organizer sees counts, the dietary summary, the note and the claim.
  await page.goto(eventUrl);
  await expect(page.getByTestId("count-attending")).toHaveText("1");
  await expect(page.getByTestId("count-maybe")).toHaveText("1");
  await expect(page.getByTestId("count-no-reply")).toHaveText("0");
  await expect(page.getByTestId("count-adults-children")).toHaveText("1 / 0");
  await expect(page.getByTestId("head-count")).toHaveText("1 of 10");
  const dietary = page.getByTestId("dietary-summary");
  await expect(dietary).toContainText("Vegetarian: 1 (Ann Tester)");
  await expect(dietary).toContainText("Gluten-free: 1 (Tim Tester (maybe))");
  await expect(page.getByTestId("guest-note")).toHaveText("We'll bring sparklers too!");
  await expect(page.getByTestId("potluck-claims")).toHaveText("Brought by: The Testers (1)");

  // 6. The organizer answers for Tim (the household's answer forms open on demand): shown as set by host.
  await page.getByRole("link", { name: "Set answers for The Testers" }).click();
  const timRow = page.getByTestId("guest-row").filter({ hasText: "Tim Tester" });
  await timRow.getByLabel("Answer for Tim Tester").selectOption("attending");
  await timRow.getByRole("button", { name: "Set answer" }).click();
  await expect(page.getByTestId("guest-row").filter({ hasText: "Tim Tester" })).toContainText("set by host");
  await expect(page.getByTestId("count-adults-children")).toHaveText("1 / 1");

  // 7. Exports: the CSV (through the download button) has the answers; the .ics has the event.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Guest list (CSV)" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^office-cookie-swap-\d+-guests\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv).toContain('"The Testers","5 Test Lane","Ann","Tester","Adult","ann@example.com","","Attending","","');
  expect(csv).toMatch(/"Tim","Tester","Child","","","Attending","yes",.*"Gluten-free"/);
  expect(csv).toContain('"We\'ll bring sparklers too!","Pumpkin pie x1"');
  const ics = await page.request.get(`${eventUrl}/event.ics`);
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  expect(await ics.text()).toContain(`SUMMARY:${title}`);

  // 8. A second organizer cannot open this event, its page or its exports, by URL.
  const jane = await signedInPage(browser, app.url, JANE);
  for (const url of [eventUrl, `${eventUrl}/edit`, `${eventUrl}/guests.csv`, `${eventUrl}/event.ics`]) {
    const response = await jane.page.goto(url).catch(() => null);
    const status = response ? response.status() : (await jane.page.request.get(url)).status();
    expect(status, url).toBe(404);
  }
  await jane.page.goto(eventUrl);
  await expect(jane.page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(jane.page.getByText("Ann Tester")).toHaveCount(0);
  await expect(jane.page.getByRole("button", { name: "Log out" })).toBeVisible();
  await jane.context.close();
  await context.close();
});

test("links can be revoked and regenerated; a bad link gets a friendly 404", async ({ browser }) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN);
  await page.goto(await johnsEventUrl(page, "Cookie Decorating Afternoon"));
  const old = await rsvpLinkFor(page, "The Johnson Family");
  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  expect((await guestPage.goto(old))!.status()).toBe(200);

  const block = page.getByTestId("invitation").filter({ hasText: "The Johnson Family" });
  await block.getByText("Revoke link", { exact: true }).click();
  await block.getByRole("button", { name: "Yes, revoke the link" }).click();
  await expect(page.getByText("The link was revoked")).toBeVisible();
  const revoked = await guestPage.goto(old);
  expect(revoked!.status()).toBe(404);
  await expect(guestPage.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();

  await page
    .getByTestId("invitation")
    .filter({ hasText: "The Johnson Family" })
    .getByText("New link", { exact: true })
    .click();
  await page
    .getByTestId("invitation")
    .filter({ hasText: "The Johnson Family" })
    .getByRole("button", { name: "Yes, make a new link" })
    .click();
  await expect(page.getByText("A new link was made")).toBeVisible();
  const fresh = await rsvpLinkFor(page, "The Johnson Family");
  expect(fresh).not.toBe(old);
  expect((await guestPage.goto(fresh))!.status()).toBe(200);
  expect((await guestPage.goto(old))!.status()).toBe(404);

  for (const bad of [
    "x",
    "A".repeat(43),
    fresh.split("/").pop()!.slice(0, -1),
    "..%2F..%2Fapi%2Fhealth",
    "%3Cscript%3E",
  ]) {
    const response = await guestPage.goto(`${app.url}/rsvp/${bad}`);
    expect(response!.status(), bad).toBe(404);
    await expect(guestPage.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
  }
  await guest.close();
  await context.close();
});

test("after the deadline answers are read-only; a cancelled party says so", async ({ browser }) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN);
  await page.goto(await johnsEventUrl(page, "Winter Solstice Dinner"));
  const pastLink = await rsvpLinkFor(page, "The Johnson Family");
  const cookies = await johnsEventUrl(page, "Cookie Decorating Afternoon");
  await page.goto(cookies);
  const cookiesLink = await rsvpLinkFor(page, "The Chen Family");

  const guest = await browser.newContext(PHONE);
  const guestPage = await guest.newPage();
  await guestPage.goto(pastLink);
  await expect(guestPage.getByTestId("closed")).toContainText("The RSVP deadline has passed");
  await expect(guestPage.getByTestId("readonly-person").filter({ hasText: "Bob Johnson" })).toContainText("Attending");
  await expect(guestPage.getByRole("button", { name: "Send my answers" })).toHaveCount(0);
  await expect(guestPage.getByRole("button", { name: "Claim" })).toHaveCount(0);

  await page.getByText("Cancel event", { exact: true }).click();
  await page.getByRole("button", { name: "Yes, cancel the event" }).click();
  await expect(page.getByText("The event is cancelled.")).toBeVisible();
  await guestPage.goto(cookiesLink);
  await expect(guestPage.getByTestId("cancelled")).toHaveText("This event has been cancelled.");
  await expect(guestPage.getByRole("button", { name: "Send my answers" })).toHaveCount(0);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("The event is published")).toBeVisible();
  await guestPage.goto(cookiesLink);
  await expect(guestPage.getByRole("button", { name: "Send my answers" })).toBeVisible();
  await guest.close();
  await context.close();
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("a guest answers and claims a dish on a phone", async ({ browser }) => {
    const organizer = await signedInPage(browser, app.url, JOHN);
    const eventUrl = await johnsEventUrl(organizer.page, "Annual Holiday Party");
    await organizer.page.goto(eventUrl);
    const link = await rsvpLinkFor(organizer.page, "The Nguyen Family");

    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link);
    await noHorizontalScroll(page);
    await page
      .getByTestId("person-answer")
      .filter({ hasText: "Anh Nguyen" })
      .getByLabel("Attending", { exact: true })
      .check();
    await page
      .getByTestId("person-answer")
      .filter({ hasText: "Linh Nguyen" })
      .getByLabel("Not attending", { exact: true })
      .check();
    await page.getByRole("button", { name: "Send my answers" }).click();
    await expect(page.getByText("Thank you! Your answers are saved.")).toBeVisible();
    const plates = page.getByTestId("guest-potluck-item").filter({ hasText: "Paper plates and napkins" });
    await plates.getByLabel("How many Paper plates and napkins you bring").selectOption("1");
    await plates.getByRole("button", { name: "Claim" }).click();
    await expect(page.getByText("Your potluck choice is saved.")).toBeVisible();
    await noHorizontalScroll(page);

    // Bad input is explained next to the field, and nothing typed is lost.
    await page.getByText("Bring something else").click();
    await page.getByLabel("Dish or item").fill("Fruit salad");
    await page.getByLabel("How many you bring").fill("0");
    await page.getByRole("button", { name: "Add my dish" }).click();
    await expect(page.locator("#own-quantity-error")).toContainText("whole number from 1 to 100");
    await expect(page.getByLabel("Dish or item")).toHaveValue("Fruit salad");

    await organizer.page.goto(eventUrl);
    const nguyens = organizer.page.getByTestId("guest-household").filter({ hasText: "The Nguyen Family" });
    await expect(nguyens.getByTestId("guest-row").filter({ hasText: "Anh Nguyen" })).toContainText("Attending");
    await expect(nguyens.getByTestId("guest-row").filter({ hasText: "Linh Nguyen" })).toContainText("Not attending");
    await expect(organizer.page.getByTestId("potluck-item").filter({ hasText: "Paper plates" })).toContainText(
      "The Nguyen Family (1)",
    );
    await context.close();
    await organizer.context.close();
  });

  test("an organizer creates an event, with errors explained next to the fields", async ({ browser }) => {
    const { context, page } = await signedInPage(browser, app.url, JOHN, { javaScriptEnabled: false });
    await page.goto(`${app.url}/organizer/events/new`);
    await page.getByLabel("Title").fill("No-JS Party");
    await page.getByLabel("Capacity").fill("2.5");
    await page.getByLabel("Ends").fill("2020-01-01T10:00");
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.locator("#capacity-error")).toHaveText(
      "Capacity must be a positive whole number, or empty for no limit",
    );
    await expect(page.locator("#locationName-error")).toHaveText("Say where the party is");
    await expect(page.locator("#endsAt-error")).toHaveText("The party must end after it starts");
    await expect(page.getByLabel("Title")).toHaveValue("No-JS Party");
    await page.getByLabel("Capacity").fill("12");
    await page.getByLabel("Place").fill("The Barn");
    await page.getByLabel("Ends").fill(await page.getByLabel("Starts").inputValue());
    await page.getByLabel("Ends").fill((await page.getByLabel("Starts").inputValue()).replace(/T\d\d:\d\d$/, "T23:30"));
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.getByTestId("event-title")).toHaveText("No-JS Party");
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Status").selectOption("draft");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Changes saved.")).toBeVisible();
    await expect(page.getByText("This event is a draft")).toBeVisible();
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("The event is published")).toBeVisible();
    await context.close();
  });

  test("every organizer action refuses another organizer's ids with a 404 and changes nothing", async ({ browser }) => {
    test.setTimeout(240_000);
    // John's ids, as Jane would try them.
    const john = await signedInPage(browser, app.url, JOHN, { javaScriptEnabled: false });
    const johnEvent = await johnsEventUrl(john.page, "Annual Holiday Party");
    await john.page.goto(johnEvent);
    const johnHousehold = lastSegment(
      await john.page.getByTestId("guest-household").first().getByRole("link").first().getAttribute("href"),
    );
    // With that household's "Set answer" forms open, so that a person id shows too.
    await john.page.goto(`${johnEvent}?answers=${johnHousehold}`);
    const hiddenValue = (name: string) =>
      john.page.locator(`input[type=hidden][name=${name}]`).first().getAttribute("value");
    const johnIds: Record<string, string> = {
      eventId: lastSegment(johnEvent),
      householdId: johnHousehold,
      personId: (await hiddenValue("personId"))!,
      invitationId: (await hiddenValue("invitationId"))!,
      itemId: (await hiddenValue("itemId"))!,
    };
    for (const [kind, id] of Object.entries(johnIds)) expect(id, kind).toMatch(/^[A-Za-z0-9_-]{16}$/);

    // Jane gets one household she has not invited yet, so that her invite form shows too.
    const jane = await signedInPage(browser, app.url, JANE, { javaScriptEnabled: false });
    await jane.page.goto(`${app.url}/organizer/guests`);
    await jane.page.getByLabel("Household name").fill("The Newcomers");
    await jane.page.getByRole("button", { name: "Add household" }).click();
    await jane.page.locator("#add-person").getByLabel("First name").fill("Nora");
    await jane.page.locator("#add-person").getByRole("button", { name: "Add person" }).click();
    await expect(jane.page.getByTestId("person")).toHaveCount(1);
    const janeHousehold = jane.page.url().split("?")[0]!;
    const janeEvent = await (async () => {
      await jane.page.goto(`${app.url}/organizer`);
      return `${app.url}${await jane.page.getByRole("link", { name: "Neighborhood Ornament Exchange" }).getAttribute("href")}`;
    })();
    await jane.page.goto(janeEvent);
    // Without its #fragment: going to the same URL plus a fragment would not reload the page.
    const janeAnswers = `${app.url}${
      (await jane.page
        .getByRole("link", { name: /^Set answers for / })
        .first()
        .getAttribute("href"))!.split("#")[0]
    }`;
    const janePages = [janeAnswers, `${janeEvent}/edit`, `${janeEvent}/duplicate`, janeHousehold];

    const ID_FIELDS = Object.keys(johnIds);
    const before = dataSnapshot(app.dataDir);
    const tried = new Set<string>();
    let attempts = 0;
    for (const url of janePages) {
      await jane.page.goto(url);
      const forms = await jane.page.$$eval(
        "form",
        (elements, idFields) =>
          elements.map((form, index) => ({
            index,
            button: form.querySelector("button[type=submit]")?.textContent?.trim() ?? "",
            fields: [
              ...new Set(
                [...form.querySelectorAll("input")].filter((i) => idFields.includes(i.name)).map((i) => i.name),
              ),
            ],
          })),
        ID_FIELDS,
      );
      for (const form of forms) {
        for (const field of form.fields) {
          // One attempt per kind of form and field (the guest list has one "Set answer" form per person).
          const kind = `${form.button}|${form.fields.join(",")}|${field}`;
          if (tried.has(kind)) continue;
          tried.add(kind);
          await jane.page.goto(url);
          await jane.page.evaluate(
            ({ index, field, value }) => {
              const target = document.forms[index]!;
              for (const input of target.querySelectorAll<HTMLInputElement>(`input[name="${field}"]`)) {
                input.value = value;
                if (input.type === "checkbox") input.checked = true;
              }
            },
            { index: form.index, field, value: johnIds[field]! },
          );
          const [response] = await Promise.all([
            jane.page.waitForNavigation(),
            jane.page.evaluate((index) => document.forms[index]!.requestSubmit(), form.index),
          ]);
          expect(response?.request().method(), kind).toBe("POST");
          expect(response?.status(), `${kind} on ${url}`).toBe(404);
          expect(dataSnapshot(app.dataDir), `${kind} on ${url} changed nothing`).toEqual(before);
          attempts += 1;
        }
      }
    }
    // Event status, delete, answer, potluck add/edit/remove, invite, revoke/regenerate/remove, event form,
    // household edit/delete, person add/edit/remove: each with each of its ids.
    expect(attempts).toBeGreaterThanOrEqual(20);
    for (const kind of [
      "Set answer",
      "Invite selected",
      "Yes, revoke the link",
      "Yes, make a new link",
      "Yes, remove them",
      "Yes, cancel the event",
      "Delete event permanently",
      "Save changes",
      "Create the new party",
      "Remove item",
      "Save item",
      "Add item",
      "Save person",
      "Add person",
      "Remove Nora",
      "Delete household permanently",
      "Save household",
    ]) {
      expect(
        [...tried].some((k) => k.startsWith(`${kind}|`)),
        kind,
      ).toBe(true);
    }

    // Pages and routes by URL, too.
    for (const url of [
      johnEvent,
      `${johnEvent}/edit`,
      `${johnEvent}/duplicate`,
      `${johnEvent}/guests.csv`,
      `${johnEvent}/links.txt`,
      `${johnEvent}/event.ics`,
      `${app.url}/organizer/guests/${johnIds.householdId}`,
    ]) {
      const response = await jane.page.request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBe(404);
      expect(await response.text()).not.toContain("Chen");
    }
    await john.context.close();
    await jane.context.close();
  });
});

test("an RSVP link opens one household for one event, and cannot reach others", async ({ browser }) => {
  const organizer = await signedInPage(browser, app.url, JOHN);
  const annual = await johnsEventUrl(organizer.page, "Annual Holiday Party");
  const cookies = await johnsEventUrl(organizer.page, "Cookie Decorating Afternoon");
  await organizer.page.goto(cookies);
  const otherEventItem = await organizer.page.locator("input[type=hidden][name=itemId]").first().getAttribute("value");
  await organizer.page.goto(annual);
  const link = await rsvpLinkFor(organizer.page, "The Chen Family");
  await organizer.page.getByRole("link", { name: "Set answers for The Garcia Family" }).click();
  const garcia = organizer.page.getByTestId("guest-household").filter({ hasText: "The Garcia Family" });
  const garciaPerson = await garcia.locator("input[type=hidden][name=personId]").first().getAttribute("value");

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(link);
  const html = await response!.text();
  expect(html).toContain("Wei Chen");
  // Other households appear nowhere: not by name, not by email, not in the potluck.
  for (const other of [
    "Garcia",
    "Johnson",
    "Williams",
    "Patel",
    "O&#x27;Brien",
    "Nguyen",
    "Smith Family",
    "@example.com",
  ]) {
    expect(html, other).not.toContain(other);
  }

  const before = dataSnapshot(app.dataDir);
  const tamper = async (button: RegExp | string, field: string, value: string) => {
    await page.goto(link);
    const form = page
      .locator("form")
      .filter({ has: page.getByRole("button", { name: button }) })
      .first();
    await form
      .locator(`input[name="${field}"]`)
      .first()
      .evaluate((el, v) => ((el as HTMLInputElement).value = v), value);
    const [response] = await Promise.all([
      page.waitForNavigation(),
      form.evaluate((f) => (f as HTMLFormElement).requestSubmit()),
    ]);
    expect(response?.request().method()).toBe("POST");
    return response?.status();
  };
  // The potluck list is one form: the pressed button names the dish (itemId=<id>, or remove=<id>), read with
  // that dish's select (quantity.<id>). A tampered button names an item of another event.
  const tamperDish = async (buttonName: "itemId" | "remove", itemId: string) => {
    await page.goto(link);
    const dish = page
      .getByTestId("guest-potluck-item")
      .filter({ has: page.getByRole("button", { name: "Claim" }) })
      .first();
    await dish.locator("select").evaluate((el, id) => {
      const select = el as HTMLSelectElement;
      select.value = "1";
      select.name = `quantity.${id}`;
    }, itemId);
    const button = dish.getByRole("button", { name: "Claim" });
    await button.evaluate(
      (el, [name, id]) => {
        (el as HTMLButtonElement).name = name!;
        (el as HTMLButtonElement).value = id!;
      },
      [buttonName, itemId],
    );
    const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
    expect(response?.request().method()).toBe("POST");
    return response?.status();
  };
  // Answering for a person of another household, claiming or removing an item of another event: 404, nothing
  // written.
  expect(await tamper("Send my answers", "personId", garciaPerson!)).toBe(404);
  expect(await tamperDish("itemId", otherEventItem!)).toBe(404);
  expect(await tamperDish("remove", otherEventItem!)).toBe(404);
  expect(dataSnapshot(app.dataDir)).toEqual(before);
  await context.close();
  await organizer.context.close();
});

test("markup typed into names and notes shows as text everywhere", async ({ browser }) => {
  const { context, page } = await signedInPage(browser, app.url, JOHN);
  let dialogs = 0;
  context.on("page", (p) => p.on("dialog", (d) => ((dialogs += 1), d.dismiss())));
  page.on("dialog", (d) => ((dialogs += 1), d.dismiss()));

  await page.goto(`${app.url}/organizer/events/new`);
  await page.getByLabel("Title").fill(XSS);
  await page.getByLabel("Description").fill(`${XSS}<script>alert(2)</script>`);
  await page.getByLabel("Place").fill(XSS);
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByTestId("event-title")).toHaveText(XSS);
  const eventUrl = page.url().split("?")[0]!;

  await page.goto(`${app.url}/organizer/guests`);
  await page.getByLabel("Household name").fill(XSS);
  await page.getByRole("button", { name: "Add household" }).click();
  const addPerson = page.locator("#add-person");
  await addPerson.getByLabel("First name").fill(XSS);
  await addPerson.getByLabel("Other dietary needs").fill(XSS);
  await addPerson.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByTestId("person")).toContainText(XSS);

  await page.goto(eventUrl);
  await page.locator("#invitations").getByLabel(XSS).check();
  await page.getByRole("button", { name: "Invite selected" }).click();
  await expect(page.getByText("Invited.")).toBeVisible();
  await page.locator("#potluck").getByLabel("Dish or item").fill(XSS);
  await page.locator("#potluck").getByRole("button", { name: "Add item" }).click();
  await expect(page.getByTestId("potluck-item")).toContainText(XSS);
  const link = await rsvpLinkFor(page, XSS);

  const guest = await context.newPage();
  await guest.goto(link);
  await guest.getByTestId("person-answer").getByLabel("Attending", { exact: true }).check();
  await guest.getByLabel("A note to the host").fill(XSS);
  await guest.getByRole("button", { name: "Send my answers" }).click();
  await expect(guest.getByText("Thank you!")).toBeVisible();
  await expect(guest.getByTestId("event-title")).toHaveText(XSS);

  for (const [p, url] of [
    [page, `${app.url}/organizer`],
    [page, eventUrl],
    [page, `${app.url}/organizer/guests`],
    [guest, link],
  ] as const) {
    await p.goto(url);
    await expect(p.getByText(XSS).first()).toBeVisible();
    await expect(p.locator('img[src="x"]')).toHaveCount(0);
    await expect(p.locator("script", { hasText: "alert(2)" })).toHaveCount(0);
  }
  await page.goto(eventUrl);
  await expect(page.getByTestId("guest-note").filter({ hasText: XSS })).toBeVisible();
  await expect(page.getByTestId("dietary-summary")).toContainText(XSS);
  const ics = await (await page.request.get(`${eventUrl}/event.ics`)).text();
  expect(ics.replace(/\r\n /g, "")).toContain("SUMMARY:<img src=x onerror=alert(1)>");
  expect(dialogs).toBe(0);
  await context.close();
});

test("without a session or the right link, no route shows guests' data", async ({ browser, request }) => {
  const organizer = await signedInPage(browser, app.url, JOHN);
  const eventUrl = await johnsEventUrl(organizer.page, "Annual Holiday Party");
  await organizer.page.goto(eventUrl);
  const householdUrl = `${app.url}${await organizer.page.getByTestId("guest-household").first().getByRole("link").first().getAttribute("href")}`;
  await organizer.context.close();

  for (const url of [
    `${app.url}/organizer`,
    eventUrl,
    `${eventUrl}/edit`,
    `${eventUrl}/guests.csv`,
    `${eventUrl}/event.ics`,
    `${app.url}/organizer/guests`,
    householdUrl,
    `${app.url}/organizer/events/new`,
  ]) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(303);
    expect(response.headers()["location"], url).toContain("/organizer/login");
    const body = await response.text();
    for (const secret of ["Chen", "Garcia", "example.com", "Vegetarian"])
      expect(body, `${url} ${secret}`).not.toContain(secret);
  }
  for (const url of [`${app.url}/rsvp/${"A".repeat(43)}`, `${app.url}/rsvp`, `${app.url}/rsvp/garbage`]) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(404);
    const body = await response.text();
    for (const secret of ["Chen", "Garcia", "example.com"]) expect(body, `${url} ${secret}`).not.toContain(secret);
  }
  // A POST to an organizer page without a session changes nothing and reveals nothing.
  const before = dataSnapshot(app.dataDir);
  const post = await request.post(eventUrl, {
    form: { eventId: lastSegment(eventUrl), status: "cancelled" },
    maxRedirects: 0,
  });
  expect(post.status()).toBeLessThan(500);
  expect(await post.text()).not.toContain("Chen");
  expect(dataSnapshot(app.dataDir)).toEqual(before);
});

test("following every link (GET) changes nothing; every change is a POST form", async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, page } = await signedInPage(browser, app.url, JOHN);
  const before = dataSnapshot(app.dataDir);
  const queue = [`${app.url}/organizer`];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < 80) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    if (/\.(csv|ics)$/.test(url)) {
      expect((await page.request.get(url)).status(), url).toBe(200);
      continue;
    }
    const response = await page.goto(url);
    expect(response!.status(), url).toBe(200);
    const found = await page.evaluate(() => ({
      links: [...document.querySelectorAll("a[href]")].map((a) => (a as HTMLAnchorElement).href),
      rsvp: [...document.querySelectorAll<HTMLInputElement>("[data-testid=rsvp-link]")].map((i) => i.value),
      forms: [...document.querySelectorAll("form")].map((f) => ({
        method: f.method,
        action: f.getAttribute("action") ?? "",
        role: f.getAttribute("role"),
      })),
    }));
    for (const form of found.forms) {
      // The searches (address book, an event's guest list) are the only GET forms, and they only read.
      if (form.role === "search")
        expect(form.action).toMatch(/^\/organizer\/(guests|events\/[A-Za-z0-9_-]+#invitations)$/);
      else expect(form.method, `a form on ${url}`).toBe("post");
    }
    for (const href of [...found.links, ...found.rsvp.slice(0, 2)]) {
      const target = new URL(href);
      if (target.origin !== app.url || !/^\/(organizer|rsvp)\//.test(`${target.pathname}/`)) continue;
      target.hash = "";
      if (!seen.has(target.href)) queue.push(target.href);
    }
  }
  expect(seen.size).toBeGreaterThan(15);
  expect([...seen].some((u) => u.includes("/rsvp/"))).toBe(true);
  expect([...seen].some((u) => u.endsWith("guests.csv"))).toBe(true);
  expect(dataSnapshot(app.dataDir)).toEqual(before);
  await page.goto(`${app.url}/organizer`);
  await expectDashboard(page, app.url);
  await context.close();
});

test("an organizer without events is invited to create the first one", async ({ browser }) => {
  const eve = { email: "eve.empty@example.com", firstName: "Eve", lastName: "Empty", password: "password123" };
  createOrganizer(app.dataDir, eve);
  const { context, page } = await signedInPage(browser, app.url, eve);
  await expect(page.getByText("Welcome back, Eve!")).toBeVisible();
  await expect(page.getByTestId("organizer-name")).toHaveText("Eve Empty");
  await expect(page.getByTestId("empty-state")).toContainText("No parties yet");
  await page.getByRole("link", { name: "Create your first event" }).click();
  await expect(page).toHaveURL(`${app.url}/organizer/events/new`);
  await page.getByRole("navigation", { name: "Organizer" }).getByRole("link", { name: "Guests" }).click();
  await expect(page.getByTestId("no-households")).toBeVisible();
  // John's demo data is not Eve's.
  await expect(page.getByText("The Chen Family")).toHaveCount(0);
  await context.close();
});
