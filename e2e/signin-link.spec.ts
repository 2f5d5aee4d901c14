import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { JOHN, PROD_COOKIE, sessionCookie } from "./support/helpers";
import { createOrganizer, JANE, signedInPage } from "./support/party";

// Issue 18, items 3-5: sign in with a mailed link (JS on and off; reused, other-browser and expired links
// refused; the same answer for an unknown address), email verification, and "Events I'm invited to".

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

let counter = 0;
const uniqueEmail = (label: string) => `${label}.${Date.now()}.${counter++}@example.com`;

function outboxMails(): { file: string; eml: string }[] {
  const dir = path.join(app.dataDir, "outbox");
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".eml"))
      .sort()
      .map((file) => ({ file, eml: readFileSync(path.join(dir, file), "utf8") }));
  } catch {
    return [];
  }
}

/** The newest link of `kind` mailed to `to` that was not among `seen` (mail is sent after the response). */
async function mailedLink(to: string, kind: "login/link" | "verify-email", seen: string[] = []): Promise<string> {
  const pattern = new RegExp(`https?://\\S+/organizer/${kind}/[A-Za-z0-9_-]{43}`);
  let link = "";
  await expect
    .poll(() => {
      for (const { eml } of outboxMails()) {
        const match = pattern.exec(eml);
        if (eml.includes(`To: ${to}\r\n`) && match && !seen.includes(match[0])) link = match[0];
      }
      return link;
    })
    .not.toBe("");
  return link;
}

const mailsTo = (to: string) => outboxMails().filter((m) => m.eml.includes(`To: ${to}\r\n`));

async function askForLink(page: Page, email: string, options: { keep?: boolean } = {}) {
  await page.goto(`${app.url}/organizer/login`);
  await page.getByLabel("Email").fill(email);
  if (options.keep === false) await page.getByLabel("Keep me signed in").uncheck();
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toHaveText(
    `If an account exists for ${email}, we sent it a sign-in link. Open it in this browser within 15 minutes.`,
  );
}

async function newOrganizer(label: string, firstName: string) {
  const email = uniqueEmail(label);
  createOrganizer(app.dataDir, { email, firstName, lastName: "Linker", password: "a-long-enough-password-1" });
  return email;
}

async function expectRefused(page: Page, text: RegExp) {
  await expect(page).toHaveURL(/\/organizer\/login\?link=/);
  await expect(page.getByTestId("link-refused")).toHaveText(text);
  // A way to ask for a new one, right there.
  await expect(page.getByRole("button", { name: "Email me a sign-in link" })).toBeVisible();
  expect(await sessionCookie(page.context(), PROD_COOKIE)).toBeUndefined();
}

test("JS on: the same answer for an unknown address; the link signs in once, honouring 'Keep me signed in'", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();

  const nobody = uniqueEmail("nobody");
  await askForLink(page, nobody);
  await askForLink(page, JOHN.email, { keep: false });
  const link = await mailedLink(JOHN.email, "login/link");
  expect(mailsTo(nobody), "no mail for an address without an account").toHaveLength(0);
  // Only the hash is stored: the token of the link is nowhere in the data directory's link records.
  const token = link.split("/").pop()!;
  const stored = readdirSync(path.join(app.dataDir, "sign-in-links"));
  expect(stored).toContain(createHash("sha256").update(token).digest("hex"));
  expect(stored.join()).not.toContain(token);

  await page.goto(link);
  await expect(page).toHaveURL(`${app.url}/organizer`);
  await expect(page.getByText("Welcome back, John!")).toBeVisible();
  await expect(page.getByTestId("organizer-name")).toHaveText(JOHN.name);
  const cookie = await sessionCookie(context, PROD_COOKIE);
  expect(cookie?.expires, "without 'Keep me signed in': a browser-session cookie").toBe(-1);

  // Used once: after logging out, the same link is refused, with the way to ask for another.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/organizer\/login\?signedOut=1/);
  await page.goto(link);
  await expectRefused(page, /already used/);
  await context.close();
});

test("JS off: ask for a link and sign in with it, kept signed in", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await askForLink(page, JANE.email);
  const link = await mailedLink(JANE.email, "login/link");
  await page.goto(link);
  await expect(page).toHaveURL(`${app.url}/organizer`);
  await expect(page.getByText("Welcome back, Jane!")).toBeVisible();
  await expect(page.getByTestId("organizer-name")).toHaveText(JANE.name);
  const cookie = await sessionCookie(context, PROD_COOKIE);
  expect(cookie?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + 6 * 86_400);
  await context.close();
});

test("a link opened in another browser is refused, and still works in the browser that asked", async ({ browser }) => {
  const email = await newOrganizer("forwarded", "Fern");
  const asker = await browser.newContext();
  const askerPage = await asker.newPage();
  await askForLink(askerPage, email);
  const link = await mailedLink(email, "login/link");

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(link);
  await expectRefused(otherPage, /asked for in another browser/);

  await askerPage.goto(link);
  await expect(askerPage).toHaveURL(`${app.url}/organizer`);
  await expect(askerPage.getByTestId("organizer-name")).toHaveText("Fern Linker");
  await Promise.all([asker.close(), other.close()]);
});

test("an expired link is refused with a clear message, and a new one works", async ({ browser }) => {
  const email = await newOrganizer("late", "Lena");
  const context = await browser.newContext();
  const page = await context.newPage();
  await askForLink(page, email);
  const link = await mailedLink(email, "login/link");

  // 15 minutes pass: the record's expiry (what the server checks on every use) is moved into the past.
  const file = path.join(
    app.dataDir,
    "sign-in-links",
    createHash("sha256").update(link.split("/").pop()!).digest("hex"),
  );
  const record = JSON.parse(readFileSync(file, "utf8")) as { expiresAt: number; createdAt: number };
  writeFileSync(
    file,
    JSON.stringify({ ...record, createdAt: record.createdAt - 16 * 60_000, expiresAt: Date.now() - 60_000 }),
  );

  await page.goto(link);
  await expectRefused(page, /has expired: links work for 15 minutes/);

  await askForLink(page, email);
  const fresh = await mailedLink(email, "login/link", [link]);
  await page.goto(fresh);
  await expect(page).toHaveURL(`${app.url}/organizer`);
  await context.close();
});

test("asking for links is throttled like logging in, the same for an address with no account", async ({ page }) => {
  const nobody = uniqueEmail("flood");
  for (let i = 0; i < 5; i++) await askForLink(page, nobody);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Too many sign-in link requests for this email address")).toBeVisible();
});

async function signUp(page: Page, email: string) {
  await page.goto(`${app.url}/organizer/signup`);
  await page.getByLabel("First name").fill("Vera");
  await page.getByLabel("Last name").fill("Fied");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("a-long-enough-password-1");
  await page.getByLabel("Confirm password").fill("a-long-enough-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(`${app.url}/organizer`);
}

test("verification: sign up, the mailed link verifies the address; a new address must be verified again", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail("vera");
  await signUp(page, email);
  await page.goto(`${app.url}/organizer/account`);
  await expect(page.getByTestId("email-status")).toHaveText(`${email}: Not verified`);

  const link = await mailedLink(email, "verify-email");
  await page.goto(link);
  await expect(page).toHaveURL(`${app.url}/organizer/account?verify=verified`);
  await expect(page.getByText("Your email address is verified.")).toBeVisible();
  await expect(page.getByTestId("email-status")).toHaveText(`${email}: Verified`);

  // Used once.
  await page.goto(link);
  await expect(page.getByText("This verification link was already used")).toBeVisible();

  // A new address is unverified and gets its own link; "Send verification link" sends another on demand.
  const moved = uniqueEmail("vera-moved");
  await page.getByLabel("Email", { exact: true }).fill(moved);
  await page.getByLabel("Current password").first().fill("a-long-enough-password-1");
  await page.getByRole("button", { name: "Save" }).first().click();
  await expect(page.getByText(`Your email address is now ${moved}`)).toBeVisible();
  await page.goto(`${app.url}/organizer/account`);
  await expect(page.getByTestId("email-status")).toHaveText(`${moved}: Not verified`);
  const first = await mailedLink(moved, "verify-email");
  await page.getByRole("button", { name: "Send verification link" }).click();
  await expect(page.getByText(`We sent a verification link to ${moved}`)).toBeVisible();
  const second = await mailedLink(moved, "verify-email", [first]);
  await page.goto(second);
  await expect(page.getByTestId("email-status")).toHaveText(`${moved}: Verified`);
  await context.close();
});

async function dashboardEventHref(page: Page, title: string): Promise<string> {
  await page.goto(`${app.url}/organizer`);
  const href = await page.getByRole("link", { name: title, exact: true }).first().getAttribute("href");
  return `${app.url}${href}`;
}

test("events I'm invited to: Jane invites a household with John's address; John sees it and answers", async ({
  browser,
}: {
  browser: Browser;
}) => {
  test.setTimeout(120_000);
  const jane = await signedInPage(browser, app.url, JANE);
  const household = `The Invited Smiths ${counter++}`;
  await jane.page.goto(`${app.url}/organizer/guests`);
  await jane.page.getByLabel("Household name").fill(household);
  await jane.page.getByRole("button", { name: "Add household" }).click();
  const addPerson = jane.page.locator("#add-person");
  await addPerson.getByLabel("First name").fill("John");
  await addPerson.getByLabel("Last name").fill("Smith");
  await addPerson.getByLabel("Email").fill(JOHN.email);
  await addPerson.getByRole("button", { name: "Add person" }).click();
  await expect(jane.page.getByText("Person added.")).toBeVisible();
  const title = "Neighborhood Ornament Exchange";
  await jane.page.goto(await dashboardEventHref(jane.page, title));
  await jane.page.locator("#invitations").getByLabel(household).check();
  await jane.page.locator("#invitations").getByRole("button", { name: "Invite selected" }).click();
  await expect(jane.page.getByText("Invited. Copy each household's link")).toBeVisible();

  // The household's people and their answers, as Jane's event page lists them.
  const johnOnJanesEvent = jane.page
    .getByRole("article")
    .filter({ has: jane.page.getByRole("heading", { name: household, exact: true }) })
    .getByRole("listitem")
    .filter({ hasText: "John Smith" });
  await expect(johnOnJanesEvent).toContainText("No reply");

  const john = await signedInPage(browser, app.url, JOHN);
  const card = john.page.getByTestId("invited-to-card").filter({ hasText: title });
  await expect(card).toContainText(new RegExp(`Invited by Jane Smith — ${title}, \\w{3} \\d{1,2} \\w{3}`));
  await card.getByRole("link", { name: "Answer the invitation" }).click();
  await expect(john.page).toHaveURL(/\/rsvp\/[A-Za-z0-9_-]{43}$/);
  await john.page
    .getByTestId("person-answer")
    .filter({ hasText: "John Smith" })
    .getByLabel("Attending", { exact: true })
    .check();
  await john.page.getByRole("button", { name: "Send my answers" }).click();
  await expect(john.page.getByText("Thank you! Your answers are saved.")).toBeVisible();

  await john.page.goto(`${app.url}/organizer`);
  await expect(card.getByRole("link", { name: "Change your answer" })).toBeVisible();
  // Jane sees John's answer on her event.
  await jane.page.reload();
  await expect(johnOnJanesEvent).toContainText("Attending");
  await Promise.all([jane.context.close(), john.context.close()]);
});
