import { createSessionToolkit } from "./support/session-toolkit";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, promises as fsp, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { verifyPassword } from "../lib/auth/password";
import { parseConfig } from "../lib/config";
import { createOrganizerRepository } from "../lib/data/organizers";

import { generateSessionToken, hashSessionToken } from "../lib/session/token";
import { createFsStore } from "../lib/storage/fs-store";
import { DAY_MS, FakeClock } from "./support/store-helpers";

const PROJECT = path.resolve(import.meta.dirname, "..");
const root = mkdtempSync(path.join(os.tmpdir(), "hpp-unit-cli-"));
const dataDir = path.join(root, "data");
after(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI the way `npm run seed` / `npm run sessions` do, against this file's DATA_DIR. */
function runCli(script: string, args: string[] = [], stdin = ""): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", `scripts/${script}`, ...args],
      {
        cwd: PROJECT,
        stdio: ["pipe", "pipe", "pipe"],
        env: {
          ...process.env,
          NODE_ENV: "development",
          DATA_DIR: dataDir,
          SESSION_SECRET: "cli-test-secret-0123456789-abcdefghijklmnopq",
          SESSION_LOG: "off",
          // Empty (not absent) so that neither the developer's shell nor a .env file can point the CLI at Redis.
          SESSION_STORE: "",
          REDIS_URL: "",
          UPSTASH_REDIS_REST_URL: "",
          UPSTASH_REDIS_REST_TOKEN: "",
          KV_REST_API_URL: "",
          KV_REST_API_TOKEN: "",
          VERCEL: "",
        },
      },
    );
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    proc.on("error", reject);
    proc.on("close", (code) => resolve({ code, stdout, stderr }));
    proc.stdin.end(stdin);
  });
}

const store = () => createFsStore(dataDir);
const organizers = () => createOrganizerRepository(store());

describe("npm run seed", () => {
  it("creates the demo organizers once; a second run creates nothing and changes no password hash", async () => {
    const first = await runCli("seed.ts");
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /created organizer john\.smith@example\.com/);
    assert.match(first.stdout, /created organizer jane\.smith@example\.com/);
    const john = await organizers().findByEmail("john.smith@example.com");
    assert.ok(john, "John is in the store");
    assert.equal(john.firstName, "John");
    assert.equal(await verifyPassword("password123", john.passwordHash), true);
    const filesBefore = (await store().listKeys("organizers")).sort();
    assert.equal(filesBefore.length, 2);

    const second = await runCli("seed.ts");
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /created/);
    assert.match(second.stdout, /already there: john\.smith@example\.com/);
    assert.match(second.stdout, /already there: jane\.smith@example\.com/);
    const johnAgain = await organizers().findByEmail("john.smith@example.com");
    assert.deepEqual(johnAgain, john, "same id, same password hash, same timestamps");
    assert.deepEqual((await store().listKeys("organizers")).sort(), filesBefore);

    const quiet = await runCli("seed.ts", ["--quiet"]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stdout, /\[seed\]/, "predev's quiet seed says nothing when there is nothing new");
  });
});

describe("npm run sessions", () => {
  const live: Array<{ token: string; id: string }> = [];
  let expiredToken = "";
  let corruptId = "";
  let johnId = "";

  before(async () => {
    if (!(await organizers().findByEmail("john.smith@example.com"))) {
      const seeded = await runCli("seed.ts");
      assert.equal(seeded.code, 0, seeded.stderr);
    }
    const john = await organizers().findByEmail("john.smith@example.com");
    const jane = await organizers().findByEmail("jane.smith@example.com");
    assert.ok(john && jane);
    johnId = john.id;
    const policy = parseConfig({}, PROJECT).session;
    const now = createSessionToolkit({ store: store(), policy });
    const longAgo = createSessionToolkit({ store: store(), policy, clock: new FakeClock(Date.now() - 10 * DAY_MS) });
    for (const [organizerId, rememberMe] of [
      [john.id, true],
      [john.id, false],
      [jane.id, true],
    ] as const) {
      const { token, session } = await now.createSession({ organizerId, rememberMe, userAgent: "CLI test" });
      live.push({ token, id: session.id });
    }
    await now.setFlash(live[0]!.id, "Welcome back, John!");
    expiredToken = (await longAgo.createSession({ organizerId: john.id, rememberMe: true })).token;
    corruptId = hashSessionToken(generateSessionToken());
    await fsp.writeFile(path.join(dataDir, "sessions", corruptId), '{"v":1,"id":');
  });

  it("stats counts live, expired and corrupt sessions of the fs store", async () => {
    const run = await runCli("sessions.ts", ["stats"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`store:\\s+fs \\(${dataDir.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\)`));
    assert.match(run.stdout, /live:\s+3\n/);
    assert.match(run.stdout, /expired:\s+1\b/);
    assert.match(run.stdout, /corrupt:\s+1\n/);
    const bytes = Number(/bytes:\s+(\d+)/.exec(run.stdout)?.[1]);
    assert.ok(bytes > 4 * 200, `bytes: ${bytes}`);
  });

  it("list prints one line per live session with the organizer's email, never a token", async () => {
    const run = await runCli("sessions.ts", ["list"]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split("\n");
    assert.equal(lines.filter((l) => l.includes("john.smith@example.com")).length, 2);
    assert.equal(lines.filter((l) => l.includes("jane.smith@example.com")).length, 1);
    assert.match(run.stdout, /3 live session\(s\)/);
    for (const { token, id } of live) {
      assert.ok(!run.stdout.includes(token), "a token was printed");
      assert.ok(!run.stdout.includes(id), "a full store key was printed");
      assert.ok(run.stdout.includes(id.slice(0, 8)), "the short id identifies the session");
    }
    assert.ok(!run.stdout.includes(expiredToken));
    assert.ok(!run.stdout.includes(johnId), "organizers are named by email");
  });

  it("prune removes the expired and unreadable sessions and keeps the live ones", async () => {
    const run = await runCli("sessions.ts", ["prune"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /checked 5 session\(s\), removed 2 expired or unreadable/);
    await assert.rejects(fsp.access(path.join(dataDir, "sessions", corruptId)));
    const manager = createSessionToolkit({ store: store(), policy: parseConfig({}, PROJECT).session });
    for (const { token } of live) assert.ok(await manager.validateSessionToken(token));
    assert.deepEqual((await store().listKeys("sessions")).length, 3);
    const stats = await runCli("sessions.ts", ["stats"]);
    assert.match(stats.stdout, /live:\s+3\n/);
    assert.match(stats.stdout, /expired:\s+0\b/);
    assert.match(stats.stdout, /corrupt:\s+0\n/);
  });

  it("clear without --yes and without a terminal deletes nothing and fails, even when 'yes' is piped in", async () => {
    for (const stdin of ["", "yes\n"]) {
      const run = await runCli("sessions.ts", ["clear"], stdin);
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stdout, /Nothing deleted/);
      assert.equal((await store().listKeys("sessions")).length, 3);
    }
  });

  it("clear --yes removes every session and flash and keeps the organizers", async () => {
    const run = await runCli("sessions.ts", ["clear", "--yes"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /removed 3 session\(s\)/);
    assert.deepEqual(await store().listKeys("sessions"), []);
    assert.deepEqual(await store().listKeys("flash"), []);
    assert.deepEqual(await store().setMembers(`organizer-sessions:${johnId}`), []);
    assert.ok(await organizers().findByEmail("john.smith@example.com"));
  });

  it("refuses an unknown command with the usage", async () => {
    const run = await runCli("sessions.ts", ["explode"]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Unknown command: explode/);
    assert.match(run.stderr, /Usage: npm run sessions/);
  });
});
