import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { createPartyData } from "../../lib/data/party";
import { claimOf } from "../../lib/data/potluck";
import { createLinkVault } from "../../lib/data/link-vault";
import { createFsStore } from "../../lib/storage/fs-store";
import type { AppStore } from "../../lib/storage/types";
import { TEST_VAULT_SECRET } from "../party/support";
import { runCheck } from "./check-suite";

// Issue 14's crash proof: a child process runs cascades (delete event, delete household, uninvite, remove
// person) in a loop on an fs DATA_DIR and is killed with SIGKILL at 50 random moments inside them. After each
// kill the store is opened again: the consistency check is clean, and the cascade that was running either
// happened completely or not at all.

const KILLS = 50;
const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-crash-cascades-"));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Target {
  organizerId: string;
  eventId: string;
  householdId: string;
  invitationId: string;
  personId: string;
}

/** Runs the child until it announces a cascade, then kills it a random moment later (within one cascade's time). */
async function killInsideACascade(
  startAt: number,
  typicalMs: number,
): Promise<{ n: number; kind: string; target: Target; done: boolean; ms: number | null }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "test/support/cascade-crash-child.ts", dir, String(startAt)],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  child.stderr.on("data", (c) => (err += c));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const begun = await new Promise<{ n: number; kind: string; target: Target }>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /^begin (\d+) (\S+) (.+)$/m.exec(out);
      if (match) resolve({ n: Number(match[1]), kind: match[2]!, target: JSON.parse(match[3]!) as Target });
    });
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before a cascade:\n${out}\n${err}`)));
  });
  // A random moment within about one cascade's duration (the kill lands before, during or just after its commit).
  await new Promise((r) => setTimeout(r, Math.random() * typicalMs * 1.3));
  child.kill("SIGKILL");
  await exited;
  const done = new RegExp(`^done ${begun.n} ([\\d.]+)$`, "m").exec(out);
  return { ...begun, done: done !== null, ms: done ? Number(done[1]) : null };
}

/** Whether the cascade shows as fully applied (true) or not at all (false); throws when it is half of each. */
async function cascadeState(store: AppStore, kind: string, t: Target): Promise<boolean> {
  const data = createPartyData(store, createLinkVault([TEST_VAULT_SECRET]));
  const states: boolean[] = [];
  const event = await data.events.get(t.eventId);
  const invitations = event ? await data.invitations.listForEvent(t.eventId) : [];
  const responses = event ? await data.rsvps.forEvent(t.eventId) : [];
  const items = event ? await data.potluck.listForEvent(t.eventId) : [];
  const home = await data.households.get(t.householdId);
  const homeInvitation = invitations.find((i) => i.householdId === t.householdId);
  if (kind === "delete-event") {
    states.push(
      event === null,
      (await data.events.summaryOf(t.eventId)) === null,
      (await data.invitations.get(t.invitationId)) === null,
    );
    states.push((await store.getMany([`responses:${t.invitationId}`]))[0] === null);
  } else if (kind === "delete-household" || kind === "uninvite") {
    if (kind === "delete-household") states.push(home === null);
    states.push(homeInvitation === undefined, !responses.some((r) => r.householdId === t.householdId));
    states.push(
      !items.some((i) => i.addedByHouseholdId === t.householdId),
      !items.some((i) => claimOf(i, t.householdId) > 0),
    );
    states.push((await data.events.summaryOf(t.eventId))?.households === 2);
  } else {
    states.push(!home?.people.some((p) => p.id === t.personId));
    states.push(!homeInvitation?.guests.people.some((p) => p.id === t.personId));
    states.push(!responses.some((r) => Object.hasOwn(r.answers, t.personId)));
    states.push((await data.events.summaryOf(t.eventId))?.invited === 5);
  }
  const all = states.every(Boolean);
  const none = states.every((s) => !s);
  assert.ok(all || none, `${kind} is half done: ${JSON.stringify(states)}`);
  return all;
}

test(
  `fs: kill -9 at ${KILLS} random moments inside cascades; after each, the check is clean and each cascade all or nothing`,
  { timeout: 600_000 },
  async () => {
    let n = 0;
    let typicalMs = 30;
    const outcomes = { applied: 0, notApplied: 0, kinds: new Map<string, number>() };
    for (let kill = 0; kill < KILLS; kill++) {
      const run = await killInsideACascade(n, typicalMs);
      if (run.ms !== null) typicalMs = Math.max(5, (typicalMs + run.ms) / 2);
      const store = createFsStore(dir);
      try {
        const check = await runCheck(store);
        assert.deepEqual(check.problems, [], `kill ${kill} (${run.kind} #${run.n}): the check is clean`);
        const applied = await cascadeState(store, run.kind, run.target);
        if (run.done) assert.ok(applied, `kill ${kill}: ${run.kind} said done, so it must show as done`);
        outcomes[applied ? "applied" : "notApplied"] += 1;
        outcomes.kinds.set(run.kind, (outcomes.kinds.get(run.kind) ?? 0) + 1);
      } finally {
        await store.close();
      }
      n = run.n + 1;
    }
    console.info(
      `[crash] ${KILLS} kills: ${outcomes.applied} cascades found applied, ${outcomes.notApplied} not applied (${[...outcomes.kinds].map(([k, n]) => `${k} ${n}`).join(", ")})`,
    );
    // Both sides of the race were hit: some kills landed before a cascade committed, some after.
    assert.ok(
      outcomes.applied > 0 && outcomes.notApplied > 0,
      JSON.stringify({ ...outcomes, kinds: [...outcomes.kinds] }),
    );
    assert.equal(outcomes.kinds.size, 4, "every kind of cascade was interrupted");
  },
);
