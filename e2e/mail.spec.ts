import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startApp, TEST_CRON_SECRET, type AppServer } from "./support/app-server";
import { JOHN } from "./support/helpers";
import { signedInPage } from "./support/party";

// Invitations by mail, end to end against `next start` with the dev outbox (no SMTP_URL): add an address,
// Send invitations, parse the .eml files, open each link, answer, get the confirmation, see the states;
// unsubscribe in one click; cancel and mail the cancellation; the tick route's guard.

let app: AppServer;

test.beforeAll(async () => {
  // The self-tick stays off (as in every spec): every mail here must come from the request that queued it
  // (after()) or the tick route.
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

interface Mail {
  file: string;
  headers: Map<string, string>;
  text: string;
}

function decodeQp(body: string): string {
  return Buffer.from(
    body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    "latin1",
  ).toString("utf8");
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
    const [head] = raw.split("\r\n\r\n");
    const headers = new Map<string, string>();
    for (const line of head!.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
      const i = line.indexOf(":");
      if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
    }
    const texts = raw
      .split(/\r\n--[^\r\n]+\r\n/)
      .filter((part) => /^content-type: text\/(plain|html)/im.test(part.split("\r\n\r\n")[0] ?? ""))
      .map((part) => {
        const [partHead, ...rest] = part.split("\r\n\r\n");
        const body = rest.join("\r\n\r\n");
        return /quoted-printable/i.test(partHead!) ? decodeQp(body) : body;
      });
    return { file, headers, text: texts.join("\n") };
  });
}

/** The decoded text/html part of a MIME message. */
function htmlPart(raw: string): string {
  const part = raw
    .split(/\r\n--[^\r\n]+\r\n/)
    .find((p) => /^content-type: text\/html/im.test(p.split("\r\n\r\n")[0] ?? ""))!;
  const [head, ...rest] = part.split("\r\n\r\n");
  const body = rest.join("\r\n\r\n");
  return /quoted-printable/i.test(head!) ? decodeQp(body) : body;
}

async function mailsMatching(predicate: (mail: Mail) => boolean, count: number): Promise<Mail[]> {
  await expect
    .poll(() => outbox().filter(predicate).length, {
      timeout: 30_000,
      message: `mails: ${outbox()
        .map((m) => `${m.file} ${m.headers.get("to")}`)
        .join("; ")}`,
    })
    .toBe(count);
  return outbox().filter(predicate);
}

async function eventUrl(page: Page, title: string): Promise<string> {
  await page.goto(`${app.url}/organizer`);
  const href = await page.getByRole("link", { name: title, exact: true }).first().getAttribute("href");
  return `${app.url}${href}`;
}

test("add an address, Send invitations, open each mailed link, answer, get the confirmation, see the states", async ({
  browser,
  request,
}, testInfo) => {
  test.setTimeout(240_000);
  const { context, page } = await signedInPage(browser, app.url, JOHN);

  // An address in the address book: a new household, invited to the seeded party.
  await page.goto(`${app.url}/organizer/guests`);
  await page.getByLabel("Household name").fill("The Mailers");
  await page.getByRole("button", { name: "Add household" }).click();
  const addPerson = page.locator("#add-person");
  await addPerson.getByLabel("First name").fill("Mia");
  await addPerson.getByLabel("Last name").fill("Mailer");
  await addPerson.getByLabel("Email").fill("not-an-address");
  await addPerson.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await addPerson.getByLabel("Email").fill("mia@example.com");
  await addPerson.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText("Person added.")).toBeVisible();

  const url = await eventUrl(page, "Annual Holiday Party");
  await page.goto(url);
  await page.locator("#invitations").getByLabel("The Mailers").check();
  await page.locator("#invitations").getByRole("button", { name: "Invite selected" }).click();
  await expect(page.getByText("Invited. Copy each household's link")).toBeVisible();

  // Send invitations: every invited household with an address is ticked.
  const mail = page.locator("#mail");
  const boxes = mail.getByRole("checkbox");
  const households = await boxes.count();
  expect(households).toBeGreaterThan(3);
  await expect(mail.getByLabel(/The Mailers/)).toBeChecked();
  await mail.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByText("Invitations are on their way.")).toBeVisible();

  const invitations = await mailsMatching(
    (m) => m.headers.get("subject") === "Invitation: Annual Holiday Party",
    households,
  );
  const rsvpLinks = new Set<string>();
  for (const m of invitations) {
    expect(m.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(m.headers.get("list-unsubscribe")).toMatch(new RegExp(`^<${app.url}/mail/unsubscribe/[A-Za-z0-9_.-]+>$`));
    expect(m.text).toContain("John Smith");
    expect(m.text).toContain("Community Center");
    expect(readFileSync(path.join(app.dataDir, "outbox", m.file), "utf8")).toMatch(
      /Content-Type: text\/calendar; charset=utf-8; method=PUBLISH/,
    );
    const link = new RegExp(`${app.url}/rsvp/[A-Za-z0-9_-]{43}`).exec(m.text)?.[0];
    expect(link, `no RSVP link in ${m.file}`).toBeTruthy();
    rsvpLinks.add(link!);
  }
  expect(rsvpLinks.size).toBe(households);

  // The invitation as a mail program shows it, at phone and desktop width (screenshots for the docs).
  const html = htmlPart(readFileSync(path.join(app.dataDir, "outbox", invitations[0]!.file), "utf8"));
  expect(html).toContain("<!DOCTYPE html");
  const shots = process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs" : testInfo.outputPath();
  for (const [name, viewport] of [
    ["mail-invitation-phone", { width: 390, height: 844 }],
    ["mail-invitation-desktop", { width: 1000, height: 900 }],
  ] as const) {
    const view = await browser.newContext({ viewport, javaScriptEnabled: false });
    const mailPage = await view.newPage();
    await mailPage.setContent(html);
    await expect(mailPage.getByRole("heading", { name: "You're invited: Annual Holiday Party" })).toBeVisible();
    await expect(mailPage.getByRole("link", { name: "Answer the invitation" })).toHaveAttribute(
      "href",
      /\/rsvp\/[A-Za-z0-9_-]{43}$/,
    );
    await mailPage.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
    await view.close();
  }

  // Each link opens its own household's page.
  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  for (const m of invitations) {
    const link = new RegExp(`${app.url}/rsvp/[A-Za-z0-9_-]{43}`).exec(m.text)![0];
    await guestPage.goto(link);
    await expect(guestPage.getByTestId("event-title")).toHaveText("Annual Holiday Party");
  }
  // The Mailers answer.
  const mailers = invitations.find((m) => m.headers.get("to")!.includes("mia@example.com"))!;
  await guestPage.goto(new RegExp(`${app.url}/rsvp/[A-Za-z0-9_-]{43}`).exec(mailers.text)![0]);
  await guestPage
    .getByTestId("person-answer")
    .filter({ hasText: "Mia Mailer" })
    .getByLabel("Attending", { exact: true })
    .check();
  await guestPage.getByRole("button", { name: "Send my answers" }).click();
  await expect(guestPage.getByText("Thank you! Your answers are saved.")).toBeVisible();
  const [confirmation] = await mailsMatching(
    (m) => m.headers.get("subject") === "Your answer: Annual Holiday Party",
    1,
  );
  expect(confirmation!.headers.get("to")).toContain("mia@example.com");
  expect(confirmation!.text).toContain("Mia Mailer: Attending");

  // The organizer sees the states, and "Resend" queues one more.
  await page.goto(url);
  const row = mail.getByTestId("mail-household").filter({ hasText: "The Mailers" });
  await expect(row.getByTestId("delivery-state")).toHaveText(/^sent at /);
  await expect(row).toContainText("Confirmation: sent at");
  await expect(mail.getByRole("button", { name: "Send invitations" })).toHaveCount(0);
  await row.getByRole("button", { name: "Resend" }).click();
  await mailsMatching(
    (m) =>
      m.headers.get("subject") === "Invitation: Annual Holiday Party" &&
      m.headers.get("to")!.includes("mia@example.com"),
    2,
  );

  // The deadline reminder setting (out-of-range values are refused by the field and by the schema's unit test).
  const days = mail.getByLabel(/days before the RSVP deadline/);
  await expect(days).toHaveValue("3");
  await days.fill("5");
  await mail.getByRole("button", { name: "Save reminder" }).click();
  await expect(mail.getByText("Saved.", { exact: true })).toBeVisible();
  await page.reload();
  await expect(mail.getByLabel(/days before the RSVP deadline/)).toHaveValue("5");

  // One-click unsubscribe (what a mail program POSTs), then the organizer sees it.
  const unsubscribe = mailers.headers.get("list-unsubscribe")!.slice(1, -1);
  const scanned = await request.get(unsubscribe);
  expect(scanned.status()).toBe(200);
  expect(await scanned.text()).toContain("Unsubscribe</button>");
  const clicked = await request.post(unsubscribe, { form: { "List-Unsubscribe": "One-Click" } });
  expect(clicked.status()).toBe(200);
  expect(
    (await request.post(`${unsubscribe.slice(0, -4)}AAAA`, { form: { "List-Unsubscribe": "One-Click" } })).status(),
  ).toBe(404);
  await page.goto(url);
  await expect(mail.getByTestId("mail-household").filter({ hasText: "The Mailers" })).toContainText("Unsubscribed");

  // Cancelling mails the cancellation to the invited households, except the one that opted out.
  await page.getByText("Cancel event", { exact: true }).click();
  await page.getByRole("button", { name: "Yes, cancel the event" }).click();
  const cancellations = await mailsMatching(
    (m) => m.headers.get("subject") === "Cancelled: Annual Holiday Party",
    households - 1,
  );
  expect(cancellations.some((m) => m.headers.get("to")!.includes("mia@example.com"))).toBe(false);
  await guest.close();
  await context.close();
});

test("GET /api/cron/tick needs the bearer secret; with it, it runs the tick", async ({ request }) => {
  expect((await request.get(`${app.url}/api/cron/tick`)).status()).toBe(401);
  expect((await request.get(`${app.url}/api/cron/tick`, { headers: { Authorization: "Bearer wrong" } })).status()).toBe(
    401,
  );
  const ok = await request.get(`${app.url}/api/cron/tick`, {
    headers: { Authorization: `Bearer ${TEST_CRON_SECRET}` },
  });
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { status: string; mail: { sent: number } };
  expect(body.status).toBe("ok");
  expect(typeof body.mail.sent).toBe("number");
});
