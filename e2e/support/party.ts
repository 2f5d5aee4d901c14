import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { logIn } from "./helpers";

export const JANE = { email: "jane.smith@example.com", password: "password123", name: "Jane Smith" };

/**
 * Session records and the store's own bookkeeping (locks, their owners, the commit journal) change on every
 * request; everything else in DATA_DIR is the party data.
 */
function isSessionPath(relative: string): boolean {
  const top = relative.split(path.sep)[0];
  return (
    top === "sessions" ||
    top === "flash" ||
    top === "_locks" ||
    top === "_lock-owners" ||
    top === "_journal" ||
    relative.startsWith(path.join("_sets", "organizer-sessions"))
  );
}

/** Every party data file and its content: equal snapshots mean nothing was written. */
export function dataSnapshot(dataDir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(dataDir, full);
      if (isSessionPath(relative) || entry.name.endsWith(".tmp")) continue;
      if (entry.isDirectory()) walk(full);
      else result[relative] = readFileSync(full, "utf8");
    }
  };
  walk(dataDir);
  return result;
}

export function createOrganizer(
  dataDir: string,
  who: { email: string; firstName: string; lastName: string; password: string },
): void {
  const result = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=react-server",
      "e2e/support/create-organizer.ts",
      who.email,
      who.firstName,
      who.lastName,
      who.password,
    ],
    { env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`create-organizer failed:\n${result.stdout}\n${result.stderr}`);
}

export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  who: { email: string; password: string },
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await logIn(page, baseUrl, who);
  await expect(page).toHaveURL(`${baseUrl}/organizer`);
  return { context, page };
}

/** The id in an organizer URL like /organizer/events/<id>. */
export function lastSegment(href: string | null): string {
  const id = href?.split("?")[0]?.split("/").filter(Boolean).pop();
  if (!id) throw new Error(`no id in ${href}`);
  return id;
}

/** The RSVP link shown for a household on an organizer event page. */
export async function rsvpLinkFor(page: Page, householdName: string): Promise<string> {
  const block = page.getByTestId("invitation").filter({ has: page.getByText(householdName, { exact: true }) });
  return block.getByTestId("rsvp-link").inputValue();
}

export async function noHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, "the page fits the phone's width").toBeLessThanOrEqual(clientWidth);
}
