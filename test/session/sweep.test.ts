import { createSessionToolkit } from "../support/session-toolkit";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { SWEEP_INTERVAL_MS, sweepIfDue } from "../../lib/session/sweep";
import { createFsStore } from "../../lib/storage/fs-store";

const DAY = 86_400_000;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "hpp-sweep-"));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test("the fs sweep removes expired session files, keeps live ones, and runs at most once an hour", async () => {
  let now = Date.now();
  const clock = { now: () => now };
  const store = createFsStore(dataDir);
  const manager = createSessionToolkit({
    store,
    policy: { maxAgeMs: 7 * DAY, shortMaxAgeMs: DAY, absoluteMaxAgeMs: 30 * DAY },
    clock,
  });
  const shortLived = await manager.createSession({ organizerId: "organizer-a1", rememberMe: false });
  const longLived = await manager.createSession({ organizerId: "organizer-a1", rememberMe: true });
  const files = () => readdir(path.join(dataDir, "sessions")).then((names) => names.sort());
  assert.equal((await files()).length, 2);

  now += 2 * DAY; // the 1-day session is past its idle limit, the 7-day one is not
  const first = await sweepIfDue(manager, dataDir, now);
  assert.deepEqual(first, { checked: 2, removed: 1 });
  assert.deepEqual(await files(), [longLived.session.id]);
  assert.equal(await manager.readSession(shortLived.session.id), null);
  assert.ok(await manager.validateSessionToken(longLived.token));

  // Another session expires, but the last sweep was ten minutes ago: not due, nothing touched.
  const sweptAt = now;
  const other = await manager.createSession({ organizerId: "organizer-b2", rememberMe: false });
  now += 2 * DAY;
  assert.equal(await sweepIfDue(manager, dataDir, sweptAt + 10 * 60 * 1000), null);
  assert.equal((await files()).length, 2);

  // An hour after the last sweep it runs again.
  const second = await sweepIfDue(manager, dataDir, sweptAt + SWEEP_INTERVAL_MS + 1);
  assert.equal(second?.removed, 1);
  assert.deepEqual(await files(), [longLived.session.id]);
  assert.equal(await manager.readSession(other.session.id), null);
});
