import { createSessionToolkit } from "../support/session-toolkit";
import assert from "node:assert/strict";
import { mkdtempSync, promises as fsp, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { sessionKey } from "../../lib/session/manager";
import { generateSessionToken, hashSessionToken } from "../../lib/session/token";
import { createFsStore } from "../../lib/storage/fs-store";
import { FakeClock } from "../support/store-helpers";
import { defineSessionSuite, TEST_POLICY } from "./session-suite";

// One DATA_DIR for this file, one fresh subdirectory per test, all removed at the end.
const root = mkdtempSync(path.join(os.tmpdir(), "hpp-unit-fs-sessions-"));
let counter = 0;
after(() => rmSync(root, { recursive: true, force: true }));

async function freshDataDir(): Promise<string> {
  const dir = path.join(root, `store-${++counter}`);
  await fsp.mkdir(dir);
  return dir;
}

defineSessionSuite("fs", async () => {
  const dir = await freshDataDir();
  const store = createFsStore(dir);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
});

async function walk(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))),
  );
  return nested.flat();
}

describe("session manager (fs specifics)", () => {
  it("keeps sessions under DATA_DIR/sessions and never writes the raw token to disk, in names or contents", async () => {
    const dir = await freshDataDir();
    const manager = createSessionToolkit({ store: createFsStore(dir), policy: TEST_POLICY, clock: new FakeClock() });
    const { token, session } = await manager.createSession({ organizerId: "organizerAAAA01", rememberMe: true });
    await manager.setFlash(session.id, "Welcome back, John!");

    const files = await walk(dir);
    assert.ok(files.includes(path.join(dir, "sessions", session.id)), "the record is DATA_DIR/sessions/<sha256>");
    for (const file of files) {
      assert.ok(!file.includes(token), `token in a file name: ${file}`);
      assert.ok(!(await fsp.readFile(file, "utf8")).includes(token), `token in ${file}`);
    }
    const mode = (await fsp.stat(path.join(dir, "sessions", session.id))).mode & 0o777;
    assert.equal(mode, 0o600, "session files are readable by the app's user only");
  });

  it("still knows a session after a restart (a new store instance on the same DATA_DIR)", async () => {
    const dir = await freshDataDir();
    const clock = new FakeClock();
    const first = createSessionToolkit({ store: createFsStore(dir), policy: TEST_POLICY, clock });
    const { token, session } = await first.createSession({ organizerId: "organizerAAAA01", rememberMe: true });
    const second = createSessionToolkit({ store: createFsStore(dir), policy: TEST_POLICY, clock });
    assert.deepEqual(await second.validateSessionToken(token), session);
  });

  it("treats a torn or binary session file as no session and removes it", async () => {
    const dir = await freshDataDir();
    const manager = createSessionToolkit({ store: createFsStore(dir), policy: TEST_POLICY, clock: new FakeClock() });
    const { token, session } = await manager.createSession({ organizerId: "organizerAAAA01", rememberMe: true });
    const file = path.join(dir, "sessions", session.id);
    const full = await fsp.readFile(file, "utf8");
    await fsp.writeFile(file, full.slice(0, Math.floor(full.length / 2)));
    assert.equal(await manager.validateSessionToken(token), null);
    await assert.rejects(fsp.access(file), "the torn file was removed");

    const other = generateSessionToken();
    const otherFile = path.join(dir, "sessions", hashSessionToken(other));
    await fsp.writeFile(otherFile, Buffer.from([0xff, 0x00, 0xfe, 0x7b, 0x22]));
    assert.equal(await manager.validateSessionToken(other), null);
    await assert.rejects(fsp.access(otherFile));
    assert.equal(await createFsStore(dir).get(sessionKey(session.id)), null);
  });
});
