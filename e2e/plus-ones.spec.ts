import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { JOHN } from "./support/helpers";
import { rsvpLinkFor, signedInPage } from "./support/party";

// Plus-ones and "Add to calendar" (issue 17, items 8 and 9), and the mails of a host's set answer and of a
// promotion from the waitlist, in Chromium against `next start` on a seeded fs DATA_DIR with the dev outbox.

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const shots = (fallback: string) => (process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs" : fallback);

interface Mail {
  file: string;
  headers: Map<string, string>;
  text: string;
  raw: string;
}

function decodeQp(body: string): string {
  return Buffer.from(
    body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    "latin1",
  ).toString("utf8");
}

function parts(raw: string, type: "plain" | "html"): string[] {
  return raw
    .split(/\r\n--[^\r\n]+\r\n/)
    .filter((part) => new RegExp(`^content-type: text/${type}`, "im").test(part.split("\r\n\r\n")[0] ?? ""))
    .map((part) => {
      const [head, ...rest] = part.split("\r\n\r\n");
      const body = rest.join("\r\n\r\n");
      return /quoted-printable/i.test(head!) ? decodeQp(body) : body;
    });
}

/** The outbox's mails, headers unfolded and the text parts decoded. */
function outbox(): Mail[] {
  const dir = path.join(app.dataDir, "outbox");
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".eml"));
  } catch {
    return [];
  }
  return names.map((file) => {
    const raw = readFileSync(path.join(dir, file), "utf8");
    const headers = new Map<string, string>();
    for (const line of raw
      .split("\r\n\r\n")[0]!
      .replace(/\r\n[ \t]+/g, " ")
      .split("\r\n")) {
      const i = line.indexOf(":");
      if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
    }
    return { file, headers, text: [...parts(raw, "plain"), ...parts(raw, "html")].join("\n"), raw };
  });
}

const mailTo = (subject: string, address: string) => (m: Mail) =>
  m.headers.get("subject") === subject && (m.headers.get("to") ?? "").includes(address);

async function mailsMatching(predicate: (mail: Mail) => boolean, count: number): Promise<Mail[]> {
  await expect
    .poll(() => outbox().filter(predicate).length, {
      timeout: 30_000,
      message: `mails: ${outbox()
        .map((m) => `${m.file} ${m.headers.get("subject")} ${m.headers.get("to")}`)
        .join("; ")}`,
    })
    .toBe(count);
  return outbox().filter(predicate);
}

/** A new event of John's through the form (tomorrow-ish defaults of the form), returning its page's URL. */
async function createEvent(page: Page, title: string, capacity = ""): Promise<string> {
  await page.goto(`${app.url}/organizer/events/new`);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Place").fill("Town Hall");
  await page.getByLabel("Address").fill("1 Civic Plaza");
  await page.getByLabel("Capacity").fill(capacity);
  await page.getByLabel("Status").selectOption("published");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByTestId("event-title")).toHaveText(title);
  return page.url().split("?")[0]!.split("#")[0]!;
}

async function invite(page: Page, household: string, plusOnes: string): Promise<void> {
  const invitations = page.locator("#invitations");
  await invitations.getByLabel(household).check();
  await invitations.getByLabel("Extra guests (plus-ones) each may bring").fill(plusOnes);
  await invitations.getByRole("button", { name: "Invite selected" }).click();
  await expect(page.getByText("Invited.")).toBeVisible();
}

async function guestPage(browser: Browser, link: string, options: Parameters<Browser["newContext"]>[0] = PHONE) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(link);
  return { context, page };
}

async function setAnswer(page: Page, household: string, person: string, answer: string): Promise<void> {
  const block = page.getByTestId("guest-household").filter({ hasText: household });
  await block.getByRole("link", { name: `Set answers for ${household}` }).click();
  const row = page.getByTestId("guest-row").filter({ hasText: person });
  await row.getByLabel(`Answer for ${person}`).selectOption(answer);
  await row.getByRole("button", { name: "Set answer" }).click();
  await expect(page.getByText("The answer was saved as set by you.")).toBeVisible();
}

test("a household names a guest with a dietary need (JavaScript off): counts, dietary summary, CSV and mail show it", async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const organizer = await signedInPage(browser, app.url, JOHN);
  const page = organizer.page;
  const eventUrl = await createEvent(page, "Plus-one Party");
  await invite(page, "The Garcia Family", "2");
  const link = await rsvpLinkFor(page, "The Garcia Family");

  // The guest, without JavaScript: two guest rows, rendered by the server.
  const guest = await guestPage(browser, link, { ...PHONE, javaScriptEnabled: false });
  const g = guest.page;
  const rows = g.getByTestId("plus-one-row");
  await expect(rows).toHaveCount(2);
  await g
    .getByTestId("person-answer")
    .filter({ hasText: "Carlos Garcia" })
    .getByLabel("Attending", { exact: true })
    .check();
  // Dietary needs without a name: refused, with the message next to that row's name field.
  await rows.nth(1).locator("summary").click();
  await rows.nth(1).getByLabel("Other dietary needs").fill("No nuts please");
  await g.getByRole("button", { name: "Send my answers" }).click();
  const nameError = g.locator("#plus-one-1-name-error");
  await expect(nameError).toHaveText("Enter this guest's name, or clear their dietary needs");
  await expect(g.getByLabel("Guest 2: name")).toHaveAttribute("aria-describedby", /plus-one-1-name-error/);
  // What was typed is still there; name the first guest, vegan, and clear the second row.
  await expect(g.getByTestId("plus-one-row").nth(1).getByLabel("Other dietary needs")).toHaveValue("No nuts please");
  await g.getByTestId("plus-one-row").nth(1).getByLabel("Other dietary needs").fill("");
  await g.getByLabel("Guest 1: name").fill("Sam Plus");
  await g.getByTestId("plus-one-row").first().locator("summary").click();
  await g.getByTestId("plus-one-row").first().getByLabel("Vegan").check();
  await g.getByRole("button", { name: "Send my answers" }).click();
  await expect(g.locator("#answers").getByRole("status")).toHaveText(/Thank you! Your answers are saved\./);
  await expect(g.getByLabel("Guest 1: name")).toHaveValue("Sam Plus");
  await guest.context.close();

  // The host: the head count has Carlos and his guest; the dietary summary and the guest list name the guest.
  await page.goto(eventUrl);
  await expect(page.getByTestId("head-count")).toHaveText("2");
  await expect(page.getByTestId("count-plus-ones")).toHaveText("1");
  await expect(page.getByTestId("dietary-summary")).toContainText("Vegan: 1");
  await expect(page.getByTestId("dietary-summary")).toContainText("Sam Plus (guest of The Garcia Family)");
  await expect(page.getByTestId("plus-one-guest")).toContainText("Sam Plus");

  // The CSV: one row for the guest, marked as the Garcias' plus-one.
  const csv = await (await page.request.get(`${eventUrl}/guests.csv`)).text();
  const [header, ...lines] = csv.replace("\uFEFF", "").trim().split("\r\n");
  expect(header).toContain('"Potluck","Plus-one of","RSVP link"');
  const guestLine = lines.find((l) => l.includes('"Sam Plus"'));
  expect(guestLine).toMatch(
    /^"The Garcia Family","[^"]*","Sam Plus","","","","","Attending","","","Vegan","","","","The Garcia Family",""$/,
  );

  // The confirmation mail lists the guest.
  const [confirmation] = await mailsMatching(mailTo("Your answer: Plus-one Party", "carlos.garcia@example.com"), 1);
  expect(confirmation!.text).toContain("Carlos Garcia: Attending");
  expect(confirmation!.text).toContain("Sam Plus (your guest): Attending");
  const html = parts(confirmation!.raw, "html")[0]!;
  for (const [name, viewport] of [
    ["mail-confirmation-phone", { width: 390, height: 844 }],
    ["mail-confirmation-desktop", { width: 1000, height: 900 }],
  ] as const) {
    const view = await browser.newContext({ viewport, javaScriptEnabled: false });
    const mailPage = await view.newPage();
    await mailPage.setContent(html);
    await expect(mailPage.getByRole("heading", { name: "Thanks for answering: Plus-one Party" })).toBeVisible();
    await mailPage.screenshot({ path: `${shots(testInfo.outputPath())}/${name}.png`, fullPage: true });
    await view.close();
  }

  // The allowance cannot drop below the guests already named: refused, next to the field; down to 1 is fine.
  const garcias = page.getByTestId("guest-household").filter({ hasText: "The Garcia Family" });
  const allowance = garcias.getByLabel("Extra guests The Garcia Family may bring");
  await allowance.fill("0");
  await garcias.getByTestId("plus-ones-allowance").getByRole("button", { name: "Save" }).click();
  await expect(garcias.getByText("The Garcia Family already named 1 guest: allow at least 1")).toBeVisible();
  await allowance.fill("1");
  await garcias.getByTestId("plus-ones-allowance").getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved: the household's RSVP page offers that many extra guests.")).toBeVisible();
  await expect(
    page
      .getByTestId("guest-household")
      .filter({ hasText: "The Garcia Family" })
      .getByLabel("Extra guests The Garcia Family may bring"),
  ).toHaveValue("1");

  // The host sets an answer for the household: it gets a confirmation too.
  await setAnswer(page, "The Garcia Family", "Mateo Garcia", "maybe");
  const confirmations = await mailsMatching(mailTo("Your answer: Plus-one Party", "carlos.garcia@example.com"), 2);
  expect(confirmations.some((m) => m.text.includes("Mateo Garcia: Maybe"))).toBe(true);
  await organizer.context.close();
});

test("a household whose guest overflows the capacity: the guest waits, is promoted when a place frees, and is mailed", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const organizer = await signedInPage(browser, app.url, JOHN);
  const page = organizer.page;
  const eventUrl = await createEvent(page, "Tight Party", "2");
  await invite(page, "The Williams Household", "0");
  await invite(page, "The Patel Household", "1");
  const williams = await rsvpLinkFor(page, "The Williams Household");
  const patels = await rsvpLinkFor(page, "The Patel Household");

  // Mary takes one of the two places.
  const first = await guestPage(browser, williams);
  await first.page.getByTestId("person-answer").getByLabel("Attending", { exact: true }).check();
  await first.page.getByRole("button", { name: "Send my answers" }).click();
  await expect(first.page.locator("#answers").getByRole("status")).toHaveText(/Thank you!/);
  await first.context.close();

  // Raj comes with a guest, Priya does not: Raj takes the last place, his guest goes on the waitlist.
  const guest = await guestPage(browser, patels);
  const g = guest.page;
  await g
    .getByTestId("person-answer")
    .filter({ hasText: "Raj Patel" })
    .getByLabel("Attending", { exact: true })
    .check();
  await g
    .getByTestId("person-answer")
    .filter({ hasText: "Priya Patel" })
    .getByLabel("Not attending", { exact: true })
    .check();
  await g.getByLabel("Guest 1: name").fill("Pat Plus");
  await g.getByRole("button", { name: "Send my answers" }).click();
  await expect(g.locator("#answers").getByRole("status")).toHaveText(/You're on the waitlist/);
  await guest.context.close();

  await page.goto(eventUrl);
  await expect(page.getByTestId("head-count")).toHaveText("2 of 2");
  const waitlist = page.getByTestId("waitlist");
  await expect(waitlist.getByTestId("waitlist-row")).toHaveCount(1);
  await expect(waitlist.getByTestId("waitlist-row")).toContainText("Pat Plus (guest of The Patel Household)");

  // Mary cannot come after all (set by the host: she gets a confirmation); then the guest is promoted.
  await setAnswer(page, "The Williams Household", "Mary Williams", "not_attending");
  await mailsMatching(mailTo("Your answer: Tight Party", "mary.williams@example.com"), 2);
  await expect(page.getByTestId("head-count")).toHaveText("1 of 2");
  await page
    .getByTestId("waitlist-row")
    .filter({ hasText: "Pat Plus" })
    .getByRole("button", { name: "Promote" })
    .click();
  await expect(page.getByTestId("waitlist")).toContainText("Promoted: they have a place now.");
  await expect(page.getByTestId("head-count")).toHaveText("2 of 2");
  await expect(page.getByTestId("waitlist").getByTestId("waitlist-row")).toHaveCount(0);
  const [youreIn] = await mailsMatching(mailTo("You're in: Tight Party", "raj.patel@example.com"), 1);
  expect(youreIn!.text).toContain("Pat Plus (your guest): Attending");
  expect(youreIn!.text).toContain("Raj Patel: Attending");
  await organizer.context.close();
});

test("Add to calendar: the household's .ics downloads behind its link, and the Google link has the title and times", async ({
  browser,
}) => {
  const organizer = await signedInPage(browser, app.url, JOHN);
  const page = organizer.page;
  const eventUrl = await createEvent(page, "Calendar Party; with, commas");
  await invite(page, "The Williams Household", "0");
  const link = await rsvpLinkFor(page, "The Williams Household");
  const hostIcs = await (await page.request.get(`${eventUrl}/event.ics`)).text();
  const dtstart = /^DTSTART:(\d{8}T\d{6}Z)$/m.exec(hostIcs)![1]!;
  const dtend = /^DTEND:(\d{8}T\d{6}Z)$/m.exec(hostIcs)![1]!;
  await organizer.context.close();

  const guest = await guestPage(browser, link);
  const g = guest.page;
  const calendar = g.getByTestId("add-to-calendar");
  await expect(g.getByTestId("plus-ones")).toHaveCount(0);
  const downloading = g.waitForEvent("download");
  await calendar.getByRole("link", { name: "Download for your calendar (.ics)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("calendar-party-with-commas.ics");
  const ics = readFileSync(await download.path(), "utf8");
  expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  expect(ics).toContain("\r\nSUMMARY:Calendar Party\\; with\\, commas\r\n");
  expect(ics).toContain(`\r\nDTSTART:${dtstart}\r\n`);
  expect(ics).toContain(`\r\nDTEND:${dtend}\r\n`);
  expect(ics.replace(/\r\n /g, "")).toContain(`\r\nURL:${link}\r\n`);
  expect(ics).toContain("END:VCALENDAR\r\n");

  const google = new URL((await calendar.getByRole("link", { name: "Add to Google Calendar" }).getAttribute("href"))!);
  expect(google.origin + google.pathname).toBe("https://calendar.google.com/calendar/render");
  expect(google.searchParams.get("action")).toBe("TEMPLATE");
  expect(google.searchParams.get("text")).toBe("Calendar Party; with, commas");
  expect(google.searchParams.get("dates")).toBe(`${dtstart}/${dtend}`);
  expect(google.searchParams.get("location")).toBe("Town Hall, 1 Civic Plaza");
  expect(google.searchParams.get("details")).toContain("Hosted by John Smith.");
  expect(google.href).not.toContain("/rsvp/");
  await guest.context.close();

  // The file is behind the link: an unknown token is a bare 404.
  const forged = await fetch(`${app.url}/rsvp/${"A".repeat(43)}/calendar.ics`);
  expect(forged.status).toBe(404);
  expect(await forged.text()).not.toContain("VCALENDAR");
});

test("who's coming: off by default; when the host shows it, guests see first names of attending households only", async ({
  browser,
}) => {
  const organizer = await signedInPage(browser, app.url, JOHN);
  const page = organizer.page;
  const eventUrl = await createEvent(page, "Who Comes Party");
  await invite(page, "The Garcia Family", "1");
  await invite(page, "The Williams Household", "0");
  const garcias = await rsvpLinkFor(page, "The Garcia Family");
  const williams = await rsvpLinkFor(page, "The Williams Household");

  const first = await guestPage(browser, garcias);
  await first.page
    .getByTestId("person-answer")
    .filter({ hasText: "Carlos Garcia" })
    .getByLabel("Attending", { exact: true })
    .check();
  await first.page.getByLabel("Guest 1: name").fill("Sam Plus");
  await first.page.getByRole("button", { name: "Send my answers" }).click();
  await expect(first.page.locator("#answers").getByRole("status")).toHaveText(/Thank you!/);
  await first.context.close();

  const guest = await guestPage(browser, williams);
  await expect(guest.page.getByTestId("whos-coming")).toHaveCount(0);

  await page.goto(eventUrl);
  await page.getByRole("button", { name: "Show guests who's coming" }).click();
  await expect(page.getByText("Guests now see who's coming")).toBeVisible();
  await guest.page.reload();
  const list = guest.page.getByTestId("whos-coming");
  await expect(list).toContainText("Carlos +1 guest");
  await expect(list).not.toContainText("Garcia");
  await expect(list).not.toContainText("Sam");

  await page.getByRole("button", { name: "Hide who's coming from guests" }).click();
  await expect(page.getByText("Guests no longer see who's coming.")).toBeVisible();
  await guest.page.reload();
  await expect(guest.page.getByTestId("whos-coming")).toHaveCount(0);
  await guest.context.close();
  await organizer.context.close();
});
