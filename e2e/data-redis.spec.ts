import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { Redis } from "ioredis";
import { createLinkVault } from "../lib/data/link-vault";
import { redisRequired, redisServerBinary, startPrivateRedis, type PrivateRedis } from "../support/redis";
import { startApp, TEST_SECRET, type AppServer } from "./support/app-server";
import { JOHN } from "./support/helpers";

// Issue 14's Redis proof: two real `next start` instances on one real Redis take 300 mixed concurrent requests
// (invite, uninvite, answers, claims, household deletions, event edits) through the app's own forms, posted the
// way a browser without JavaScript posts them. Afterwards `npm run data -- check` finds nothing, and the counts the
// dashboard shows equal a recount from the records. The same again with Redis stopped for 2 s in the middle.

const OPS = 300;
const CONCURRENCY = 16;
const HOUSEHOLDS = 24;

test.describe.configure({ mode: "serial", timeout: 300_000 });

test.beforeAll(() => {
  if (!redisServerBinary()) {
    if (redisRequired()) throw new Error("REQUIRE_REDIS is set and redis-server is not installed");
    console.warn(
      `\n${"!".repeat(100)}\n!!! SKIPPING e2e/data-redis.spec.ts: no redis-server binary\n${"!".repeat(100)}\n`,
    );
  }
});

interface Cluster {
  redis: PrivateRedis;
  apps: [AppServer, AppServer];
  /** Reads the records straight from Redis (the spec runs outside the app's server-only modules). */
  records: Records;
  prefix: string;
  /** The app's data layer, run with tsx in a child process (see e2e/support/data-tool.ts). */
  tool(...args: string[]): unknown;
  stop(): Promise<void>;
}

interface InvitationView {
  id: string;
  tokenHash: string;
  sealedToken: string;
  revokedAt: number | null;
  guests: { people: { id: string }[] };
}

const vault = createLinkVault([TEST_SECRET]);
const tokenOf = (i: InvitationView) => {
  const token = vault.open(i.sealedToken);
  return token && createHash("sha256").update(token).digest("hex") === i.tokenHash ? token : null;
};

class Records {
  private readonly client: Redis;
  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 1000 });
    this.client.on("error", () => undefined);
  }

  async invitations(eventId: string): Promise<InvitationView[]> {
    const ids = await this.client.smembers(`${this.prefix}:event-invitations:${eventId}`);
    if (ids.length === 0) return [];
    const values = await this.client.mget(ids.map((id) => `${this.prefix}:invitations:${id}`));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as InvitationView);
  }

  async event(eventId: string): Promise<{ version: number; startsAtLocal: string; endsAtLocal: string } | null> {
    const value = await this.client.get(`${this.prefix}:events:${eventId}`);
    return value === null ? null : JSON.parse(value);
  }

  close(): void {
    this.client.disconnect();
  }
}

async function startCluster(): Promise<Cluster> {
  const redis = await startPrivateRedis({ persistent: true });
  const prefix = `hppdata${randomBytes(3).toString("hex")}`;
  const env = {
    REDIS_URL: redis.url,
    STORE_KEY_PREFIX: prefix,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  const first = await startApp({ env });
  const second = await startApp({ env, seed: false });
  const records = new Records(redis.url, prefix);
  return {
    redis,
    apps: [first, second],
    records,
    prefix,
    tool(...args: string[]) {
      const result = spawnSync(
        process.execPath,
        ["--import", "tsx", "--conditions=react-server", "e2e/support/data-tool.ts", ...args],
        {
          env: { ...process.env, REDIS_URL: redis.url, STORE_KEY_PREFIX: prefix },
          encoding: "utf8",
        },
      );
      if (result.status !== 0)
        throw new Error(`data-tool ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
      return JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    },
    async stop() {
      records.close();
      await Promise.all([first.stop(), second.stop()]);
      await redis.dispose();
    },
  };
}

/** The Server Action fields of the first form on a page whose HTML contains `marker`. */
async function formFields(url: string, marker: string, cookie?: string): Promise<[string, string][]> {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  const html = await response.text();
  const form = [...html.matchAll(/<form[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => f.includes(marker));
  if (!form) throw new Error(`no form with ${marker} on ${url} (${response.status})`);
  const decode = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const fields: [string, string][] = [];
  for (const match of form.matchAll(/<input type="hidden" name="(\$ACTION[^"]*)"(?: value="([^"]*)")?\/?>/g))
    fields.push([decode(match[1]!), decode(match[2] ?? "")]);
  if (fields.length === 0) throw new Error(`the form with ${marker} has no Server Action fields`);
  return fields;
}

async function post(
  url: string,
  template: [string, string][],
  fields: [string, string][],
  cookie?: string,
): Promise<number> {
  const body = new FormData();
  for (const [name, value] of [...template, ...fields]) body.append(name, value);
  const origin = new URL(url).origin;
  const response = await fetch(url, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { origin, ...(cookie ? { cookie } : {}) },
  });
  await response.arrayBuffer();
  return response.status;
}

/** John signs in through the login form (as a browser without JavaScript does) on one instance. */
async function signIn(app: AppServer): Promise<string> {
  const template = await formFields(`${app.url}/organizer/login`, 'name="email"');
  const body = new FormData();
  for (const [name, value] of template) body.append(name, value);
  body.append("email", JOHN.email);
  body.append("password", JOHN.password);
  const response = await fetch(`${app.url}/organizer/login`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { origin: app.url },
  });
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie().find((c) => c.includes("hpp_session="));
  if (response.status !== 303 || !cookie) throw new Error(`login answered ${response.status}`);
  return cookie.split(";")[0]!;
}

interface Scenario {
  organizerId: string;
  eventId: string;
  householdIds: string[];
  itemIds: string[];
}

function setUpScenario(cluster: Cluster): Scenario {
  return cluster.tool("setup", String(HOUSEHOLDS)) as Scenario;
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/**
 * 300 requests, 16 at a time, each to one of the two instances in turn: what each answered is returned. Ids are
 * picked from the records as they stand when the request is made, so some requests find them gone (a 404),
 * as a person clicking on a page another tab changed would.
 */
async function runMixedLoad(
  cluster: Cluster,
  scenario: Scenario,
  cookies: [string, string],
  during?: (done: number) => Promise<void>,
): Promise<Map<string, number[]>> {
  const { records, apps } = cluster;
  const eventPath = `/organizer/events/${scenario.eventId}`;
  // Form templates (the action ids are the same on both instances: one build).
  const anyToken = tokenOf((await records.invitations(scenario.eventId))[0]!)!;
  const templates = {
    invite: await formFields(`${apps[0].url}${eventPath}`, 'class="invite-form"', cookies[0]),
    uninvite: await formFields(`${apps[0].url}${eventPath}`, 'value="remove"', cookies[0]),
    edit: await formFields(`${apps[0].url}${eventPath}/edit`, 'name="version"', cookies[0]),
    answers: await formFields(`${apps[0].url}/rsvp/${anyToken}`, 'class="answers-form"'),
    claim: await formFields(`${apps[0].url}/rsvp/${anyToken}`, 'class="claim-form"'),
    deleteHousehold: await formFields(
      `${apps[0].url}/organizer/guests/${scenario.householdIds[HOUSEHOLDS - 1]}`,
      "Delete household permanently",
      cookies[0],
    ),
  };
  const statuses = new Map<string, number[]>();
  const record = (kind: string, status: number) => statuses.set(kind, [...(statuses.get(kind) ?? []), status]);
  const deletable = scenario.householdIds.slice(HOUSEHOLDS - 6);
  let next = 0;
  let done = 0;

  const one = async (i: number) => {
    const app = apps[i % 2]!;
    const cookie = cookies[i % 2]!;
    const invitations = (await records.invitations(scenario.eventId).catch(() => [])).filter(
      (inv) => inv.revokedAt === null,
    );
    const roll = i % 10;
    if (roll <= 3 && invitations.length > 0) {
      const invitation = pick(invitations);
      const token = tokenOf(invitation)!;
      const fields: [string, string][] = [
        ["token", token],
        ["note", `note ${i}`],
      ];
      for (const person of invitation.guests.people) {
        fields.push(["personId", person.id], [`status.${person.id}`, pick(["attending", "maybe", "not_attending"])]);
      }
      record("answers", await post(`${app.url}/rsvp/${token}`, templates.answers, fields));
    } else if (roll <= 5 && invitations.length > 0) {
      const token = tokenOf(pick(invitations))!;
      record(
        "claim",
        await post(`${app.url}/rsvp/${token}`, templates.claim, [
          ["token", token],
          ["itemId", pick(scenario.itemIds)],
          ["quantity", String(Math.floor(Math.random() * 4))],
        ]),
      );
    } else if (roll === 6) {
      record(
        "invite",
        await post(
          `${app.url}${eventPath}`,
          templates.invite,
          [
            ["eventId", scenario.eventId],
            ["householdId", pick(scenario.householdIds)],
          ],
          cookie,
        ),
      );
    } else if (roll === 7 && invitations.length > 0) {
      record(
        "uninvite",
        await post(
          `${app.url}${eventPath}`,
          templates.uninvite,
          [
            ["eventId", scenario.eventId],
            ["invitationId", pick(invitations).id],
            ["intent", "remove"],
          ],
          cookie,
        ),
      );
    } else if (roll === 8) {
      const event = await records.event(scenario.eventId);
      const fields: [string, string][] = [
        ["eventId", scenario.eventId],
        ["version", String(event?.version ?? 1)],
        ["title", `Stress party ${i}`],
        ["description", ""],
        ["startsAt", event?.startsAtLocal ?? ""],
        ["endsAt", event?.endsAtLocal ?? ""],
        ["timeZone", "UTC"],
        ["locationName", "Hall"],
        ["locationAddress", ""],
        ["rsvpDeadline", ""],
        ["capacity", String(40 + (i % 10))],
        ["status", "published"],
      ];
      record("edit", await post(`${app.url}${eventPath}/edit`, templates.edit, fields, cookie));
    } else if (deletable.length > 0 && i % 30 === 9) {
      const householdId = deletable.shift()!;
      record(
        "delete household",
        await post(
          `${app.url}/organizer/guests/${householdId}`,
          templates.deleteHousehold,
          [["householdId", householdId]],
          cookie,
        ),
      );
    } else {
      record(
        "invite",
        await post(
          `${app.url}${eventPath}`,
          templates.invite,
          [
            ["eventId", scenario.eventId],
            ["householdId", pick(scenario.householdIds)],
          ],
          cookie,
        ),
      );
    }
  };

  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OPS) {
        const i = next++;
        await one(i).catch((error: Error) => record(`error: ${error.message.slice(0, 80)}`, 0));
        done += 1;
        await during?.(done);
      }
    }),
  );
  return statuses;
}

/** The check finds nothing, and the dashboard shows the counts a recount of the records gives. */
async function expectConsistent(cluster: Cluster, scenario: Scenario, cookie: string): Promise<void> {
  const { problems, recount } = cluster.tool("check", scenario.eventId) as {
    problems: unknown[];
    recount: { attending: number; maybe: number; notAttending: number; noReply: number };
  };
  expect(problems, "npm run data -- check is clean").toEqual([]);
  for (const app of cluster.apps) {
    const html = await (await fetch(`${app.url}/organizer`, { headers: { cookie } })).text();
    const card = html.split('data-testid="event-card"').find((c) => c.includes("Stress party"));
    expect(card, "the stress event is on the dashboard").toBeTruthy();
    const text = card!.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, "");
    expect(text).toContain(
      `${recount.attending} attending · ${recount.maybe} maybe · ${recount.notAttending} not attending · ${recount.noReply} no reply`,
    );
  }
}

test("two instances, 300 mixed concurrent requests: check clean, dashboard counts equal a recount", async () => {
  test.skip(!redisServerBinary(), "no redis-server");
  const cluster = await startCluster();
  try {
    const scenario = setUpScenario(cluster);
    const cookies: [string, string] = [await signIn(cluster.apps[0]), await signIn(cluster.apps[1])];
    const statuses = await runMixedLoad(cluster, scenario, cookies);
    const all = [...statuses.entries()];
    console.info(`[data-redis] answers: ${JSON.stringify(Object.fromEntries(all.map(([k, v]) => [k, countBy(v)])))}`);
    for (const [kind, list] of all) {
      expect(kind.startsWith("error"), `${kind} x${list.length}`).toBe(false);
      for (const status of list) expect([200, 303, 404], `${kind} answered ${status}`).toContain(status);
    }
    expect(all.reduce((n, [, list]) => n + list.length, 0)).toBe(OPS);
    await expectConsistent(cluster, scenario, cookies[0]);
  } finally {
    await cluster.stop();
  }
});

test("the same with Redis stopped for 2 s in the middle: nothing half-written", async () => {
  test.skip(!redisServerBinary(), "no redis-server");
  const cluster = await startCluster();
  try {
    const scenario = setUpScenario(cluster);
    const cookies: [string, string] = [await signIn(cluster.apps[0]), await signIn(cluster.apps[1])];
    let stopped = false;
    const statuses = await runMixedLoad(cluster, scenario, cookies, async (done) => {
      if (stopped || done < OPS / 2) return;
      stopped = true;
      await cluster.redis.stop();
      await new Promise((r) => setTimeout(r, 2_000));
      await cluster.redis.start();
    });
    console.info(
      `[data-redis] with an outage: ${JSON.stringify(Object.fromEntries([...statuses.entries()].map(([k, v]) => [k, countBy(v)])))}`,
    );
    expect(stopped).toBe(true);
    if (process.env.DATA_REDIS_LOGS)
      for (const app of cluster.apps)
        console.info(
          app
            .output()
            .split("\n")
            .filter((l) => /rror|⨯|digest| {4}at /.test(l))
            .slice(0, 200)
            .join("\n"),
        );
    // What each request answered is logged, not judged: a request the outage catches after the proxy read its
    // session fails in the page's render (a 500 from Next), which answering 503 from any render is issue 13's
    // item 6. What is judged here is the data: nothing half-written.
    // The app reconnects by itself; give it a moment to notice.
    await expect
      .poll(async () => (await fetch(`${cluster.apps[0].url}/api/health`)).status, { timeout: 20_000 })
      .toBe(200);
    await expect
      .poll(async () => (await fetch(`${cluster.apps[1].url}/api/health`)).status, { timeout: 20_000 })
      .toBe(200);
    await expectConsistent(cluster, scenario, cookies[0]);
  } finally {
    await cluster.stop();
  }
});

function countBy(list: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of list) out[v] = (out[v] ?? 0) + 1;
  return out;
}
