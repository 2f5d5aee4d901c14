import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { createOrganizerRepository } from "../../lib/data/organizers";
import { createPartyData } from "../../lib/data/party";
import { linkVaultFromSecrets } from "../../lib/data/link-vault";
import { SectionBuilder, type Context } from "../support/context";
import { table, type SectionResult } from "../support/report";
import { ORGANIZER, SECRETS, startVariant } from "../support/servers";
import { int, median, ms } from "../support/stats";
import { eventInput } from "./party";

export const TITLE = "Phones: the guest RSVP page's JavaScript, HTML and Largest Contentful Paint";

const JS_TARGET_BYTES = 100 * 1024;
const HTML_TARGET_BYTES = 50 * 1024;
const LCP_TARGET_MS = 2_500;
const HOUSEHOLD_SIZE = 6;
const POTLUCK_ITEMS = 20;
/** Chrome DevTools' and Lighthouse's "slow 4G": 150 ms RTT × 3.75, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up. */
const SLOW_4G = {
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};
const CPU_SLOWDOWN = 4;
const ROUTE = "/rsvp/[token]/page";

/** The root main files: React DOM, Next's App Router runtime and Turbopack's loader, loaded by every page. */
function rootMainFiles(): string[] {
  return (JSON.parse(readFileSync(path.join(".next", "build-manifest.json"), "utf8")) as { rootMainFiles: string[] })
    .rootMainFiles;
}

/** The first-load JavaScript of a route from the build's manifests: the root main files and the route's entries. */
export function firstLoadScripts(route: string): string[] {
  const manifestFile = path.join(".next", "server", "app", `${route}_client-reference-manifest.js`);
  const text = readFileSync(manifestFile, "utf8");
  const start = text.indexOf(`["${route}"] = `);
  if (start < 0) throw new Error(`${manifestFile} does not describe ${route}`);
  const json = text
    .slice(start + route.length + 6)
    .trim()
    .replace(/;$/, "");
  const manifest = JSON.parse(json) as { entryJSFiles?: Record<string, string[]> };
  const files = new Set(rootMainFiles());
  for (const list of Object.values(manifest.entryJSFiles ?? {})) for (const file of list) files.add(file);
  return [...files];
}

/**
 * Issue 19, target 4. A household of 6 on an event with 20 potluck items (fs store, `next start`): the RSVP
 * page's first-load JavaScript gzipped (from the build manifest, each file gzipped at the default level as
 * `next start` sends it), its HTML, and its LCP in headless Chromium with 4× CPU throttling and slow 4G.
 */
export async function measurePhones(ctx: Context): Promise<SectionResult> {
  const section = new SectionBuilder(8, TITLE);
  if (!ctx.http) {
    for (const m of [
      "RSVP page first-load JavaScript, gzipped",
      "RSVP page HTML, household of 6, 20 potluck items",
      "RSVP page LCP, 4× CPU, slow 4G",
    ])
      section.row(m, "—", "—", "NOT RUN");
    section.notes.push("Not run: --no-http was given (the figures need a production build and `next start`).");
    return section.finish();
  }
  const scripts = firstLoadScripts(ROUTE);
  const runtime = new Set(rootMainFiles());
  const sizes = scripts.map((file) => {
    const bytes = readFileSync(path.join(".next", file));
    return {
      file,
      runtime: runtime.has(file),
      raw: bytes.length,
      gz: gzipSync(bytes).length,
      zod: /\$ZodType|ZodError/.test(bytes.toString("latin1")),
    };
  });
  const jsGz = sizes.reduce((sum, s) => sum + s.gz, 0);
  const jsRaw = sizes.reduce((sum, s) => sum + s.raw, 0);
  const runtimeGz = sizes.filter((s) => s.runtime).reduce((sum, s) => sum + s.gz, 0);
  section.details.push(
    table(
      ["First-load script (build manifest)", "what", "bytes", "gzipped", "contains zod"],
      [
        ...sizes.map((s) => [
          s.file,
          s.runtime ? "runtime (every page)" : "this route",
          int(s.raw),
          int(s.gz),
          s.zod ? "yes" : "no",
        ]),
        ["total", "", int(jsRaw), int(jsGz), sizes.some((s) => s.zod) ? "yes" : "no"],
      ],
    ),
  );
  section.judge(
    "RSVP page first-load JavaScript, gzipped (build manifest)",
    `${(jsGz / 1024).toFixed(1)} KB (${(jsRaw / 1024).toFixed(0)} KB raw, ${scripts.length} files)`,
    "≤ 100 KB",
    jsGz <= JS_TARGET_BYTES,
  );
  section.judge(
    "zod in the RSVP page's first-load JavaScript",
    sizes.some((s) => s.zod) ? "present" : "absent",
    "absent",
    !sizes.some((s) => s.zod),
  );
  section.row(
    "RSVP page's own first-load JavaScript (beyond the runtime every page loads)",
    `${((jsGz - runtimeGz) / 1024).toFixed(1)} KB gzipped (runtime ${(runtimeGz / 1024).toFixed(1)} KB)`,
    "(info)",
    "INFO",
  );
  if (jsGz > JS_TARGET_BYTES) {
    const biggest = [...sizes].sort((a, b) => b.gz - a.gz).slice(0, 3);
    section.notes.push(
      `**MISS (RSVP JavaScript)**: ${(jsGz / 1024).toFixed(1)} KB gzipped, of which ${(runtimeGz / 1024).toFixed(1)} KB are the ` +
        "root main files (React DOM, the App Router runtime and Turbopack's loader), which Next 16 loads on every App Router " +
        `page, a page without a single client component included; the RSVP page's own code is ${((jsGz - runtimeGz) / 1024).toFixed(1)} KB. ` +
        `Largest files: ${biggest.map((s) => `${s.file} ${(s.gz / 1024).toFixed(1)} KB`).join(", ")}. No change to the page can go ` +
        "below the runtime; what would fix it is serving the RSVP page without the App Router runtime (it works without " +
        "JavaScript: a route rendering plain HTML with forms posting to route handlers), which Next 16 offers no per-route switch for.",
    );
  }

  const server = await startVariant({ store: "fs", sessions: "store" }, {});
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const organizer = await createOrganizerRepository(server.store).findByEmail(ORGANIZER.email);
    if (!organizer) throw new Error("bench: organizer");
    const data = createPartyData(server.store, linkVaultFromSecrets(SECRETS));
    const event = await data.events.create(organizer.id, eventInput("Phone party"));
    const home = await data.households.create(
      organizer.id,
      { name: "The Phone household", address: "1 Mobile Way" },
      Array.from({ length: HOUSEHOLD_SIZE }, (_, j) => ({
        firstName: `Person${j}`,
        lastName: "Phone",
        email: null,
        phone: null,
        ageGroup: j >= 4 ? ("child" as const) : ("adult" as const),
        dietaryTags: j === 1 ? ["vegetarian" as const] : [],
        dietaryNotes: "",
      })),
    );
    const invited = await data.invitations.inviteMany(organizer.id, event.id, [home.id]);
    if (!invited.ok) throw new Error("bench: invite failed");
    for (let i = 0; i < POTLUCK_ITEMS; i++) {
      await data.potluck.createByHost(organizer.id, event.id, {
        name: `Dish number ${i + 1}`,
        category: "side",
        quantity: 3,
        notes: "Something seasonal",
      });
    }
    const token = data.invitations.tokenOf(invited.value.created[0]!);
    if (!token) throw new Error("bench: no RSVP link");
    const url = `${server.url}/rsvp/${token}`;
    const response = await fetch(url);
    const html = await response.text();
    if (response.status !== 200 || !html.includes("Send my answers"))
      throw new Error(`the RSVP page answered ${response.status}`);
    // BENCH_RSVP_HTML=<file> keeps the measured page, to see what its bytes are.
    if (process.env.BENCH_RSVP_HTML) writeFileSync(process.env.BENCH_RSVP_HTML, html);
    const htmlBytes = Buffer.byteLength(html);
    const htmlGz = gzipSync(html).length;
    const referenced = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
    section.judge(
      `RSVP page HTML, household of ${HOUSEHOLD_SIZE}, ${POTLUCK_ITEMS} potluck items`,
      `${(htmlBytes / 1024).toFixed(1)} KB (${(htmlGz / 1024).toFixed(1)} KB gzipped; ${referenced.length} script tags)`,
      "≤ 50 KB",
      htmlBytes <= HTML_TARGET_BYTES,
    );
    if (htmlBytes > HTML_TARGET_BYTES) {
      const flight = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].reduce(
        (n, m) => n + (m[1]?.length ?? 0),
        0,
      );
      section.notes.push(
        `**MISS (RSVP HTML)**: ${(htmlBytes / 1024).toFixed(1)} KB (${(htmlGz / 1024).toFixed(1)} KB gzipped, what a phone ` +
          `downloads), of which ${(flight / 1024).toFixed(1)} KB are inline scripts: React's flight payload, which repeats every ` +
          "server-rendered element as JSON next to its HTML (client components only as their props). The rest is the forms " +
          `themselves: ${HOUSEHOLD_SIZE} people with 3 answers and 12 dietary checkboxes each, and a select and a button per dish (one form for the list). What would ` +
          "fix it: the same page without the App Router runtime (no flight payload: about a third less), or fewer fields " +
          "rendered up front (the dietary checkboxes behind a per-person link).",
      );
    }

    const lcps: number[] = [];
    for (let i = 0; i < ctx.profile.phones.loads; i++) {
      ctx.log(`[bench] 8: RSVP page load ${i + 1} of ${ctx.profile.phones.loads} in throttled Chromium`);
      const context = await browser.newContext({
        viewport: { width: 412, height: 915 },
        isMobile: true,
        deviceScaleFactor: 2,
      });
      try {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
        await cdp.send("Network.emulateNetworkConditions", { offline: false, ...SLOW_4G });
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
        await page.goto(url, { waitUntil: "load", timeout: 120_000 });
        const lcp = await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              new PerformanceObserver((list) => {
                const entries = list.getEntries();
                resolve(entries[entries.length - 1]!.startTime);
              }).observe({ type: "largest-contentful-paint", buffered: true });
              setTimeout(() => resolve(Number.NaN), 10_000);
            }),
        );
        lcps.push(lcp);
      } finally {
        await context.close();
      }
    }
    const lcp = median(lcps);
    section.details.push(
      table(
        ["Load (fresh context, cache off)", "LCP"],
        lcps.map((v, i) => [String(i + 1), ms(v)]),
      ),
    );
    const lcpPass = section.judge(
      `RSVP page LCP, headless Chromium, ${CPU_SLOWDOWN}× CPU, slow 4G (median of ${lcps.length})`,
      ms(lcp),
      `< ${ms(LCP_TARGET_MS)}`,
      lcp < LCP_TARGET_MS,
    );
    if (!lcpPass) {
      const transfer = ((htmlGz + jsGz) / SLOW_4G.downloadThroughput) * 1000;
      section.notes.push(
        `**MISS (LCP)**: ${ms(lcp)}. Measured cause: at slow 4G each round trip costs ${ms(SLOW_4G.latency)} (connection and ` +
          `request before the first byte), and the page's ${((htmlGz + jsGz) / 1024).toFixed(0)} KB gzipped of HTML and first-load ` +
          `JavaScript take ${ms(transfer)} to arrive at ${int(SLOW_4G.downloadThroughput / 1024)} KB/s; the largest paint waits for the CSS and the HTML.`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return section.finish();
}
