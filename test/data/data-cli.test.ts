import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { seedDemoData } from "../../scripts/demo-data";
import { createLinkVault } from "../../lib/data/link-vault";
import { createFsStore } from "../../lib/storage/fs-store";
import { createRedisStore } from "../../lib/storage/redis-store";
import { createPartyData } from "../../lib/data/party";
import { planCommit } from "../../lib/storage/fs-journal";
import type { AppStore, CommitRequest } from "../../lib/storage/types";
import { TEST_VAULT_SECRET } from "../party/support";
import { deleteKeysWithPrefix, redisForTests, uniquePrefix } from "../../support/redis";
import { copyLegacyDir, loadLegacyInto } from "./legacy-fixture";

// `npm run data -- check | repair | migrate | version` as a user runs it, on fs and on a real Redis: the exit
// code (0 clean, 1 something found or left), what it prints, and what it changes.

const PROJECT = path.resolve(import.meta.dirname, "../..");
const root = mkdtempSync(path.join(os.tmpdir(), "hpp-data-cli-"));
after(() => rmSync(root, { recursive: true, force: true }));

type Target = { env: Record<string, string>; open(): AppStore };

function runData(target: Target, command: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/data.ts", command], {
      cwd: PROJECT,
      env: {
        ...process.env,
        NODE_ENV: "development",
        SESSION_SECRET: "cli-test-secret-0123456789-abcdefghijklmnopq",
        SESSION_LOG: "off",
        SESSION_STORE: "",
        REDIS_URL: "",
        UPSTASH_REDIS_REST_URL: "",
        UPSTASH_REDIS_REST_TOKEN: "",
        KV_REST_API_URL: "",
        KV_REST_API_TOKEN: "",
        ...target.env,
      },
    });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (out += d.toString()));
    proc.on("error", reject);
    proc.on("close", (code) => resolve({ code, out }));
  });
}

function defineCliSuite(
  label: string,
  makeTarget: (name: string) => Target,
  loadLegacy: (target: Target) => Promise<void>,
): void {
  describe(`npm run data on ${label}`, () => {
    it("check exits 0 on the seeded data, 1 with what it found after damage; repair fixes it and says what it did", async () => {
      const target = makeTarget("seeded");
      const store = target.open();
      await seedDemoData(store, { linkVault: createLinkVault([TEST_VAULT_SECRET]) });
      const eventSets = await store.listKeys("events");
      const eventId = eventSets[0]!.split(":")[1]!;
      await store.setAdd(`event-invitations:${eventId}`, "GhostInvitation1");
      await store.close();

      const found = await runData(target, "check");
      assert.equal(found.code, 1, found.out);
      assert.match(found.out, /dangling-index-entry\s+event-invitations:\S+ GhostInvitation1/);
      assert.match(found.out, /1 problem\(s\)/);

      const repaired = await runData(target, "repair");
      assert.equal(repaired.code, 0, repaired.out);
      assert.match(repaired.out, /repaired: removed GhostInvitation1 from event-invitations:/);
      assert.match(repaired.out, /clean now/);

      const clean = await runData(target, "check");
      assert.equal(clean.code, 0, clean.out);
      assert.match(clean.out, /checked \d+ record\(s\): 0 problem\(s\)/);
    });

    it("points to migrate on old data; migrate brings it to version 1 once; check is then clean", async () => {
      const target = makeTarget("legacy");
      await loadLegacy(target);
      const before = await runData(target, "check");
      assert.equal(before.code, 1, before.out);
      assert.match(before.out, /version 0.*npm run data -- migrate/);
      assert.match((await runData(target, "version")).out, /data version: 0 \(this app: 1\)/);

      const migrated = await runData(target, "migrate");
      assert.equal(migrated.code, 0, migrated.out);
      assert.match(migrated.out, /migrated party data from version 0 to 1/);
      assert.match(
        migrated.out,
        /migrated party data from version 0 to 1 \(.*\): 2 organizers, \d+ households, 4 events/,
      );
      const again = await runData(target, "migrate");
      assert.equal(again.code, 0, again.out);
      assert.match(again.out, /already at version 1: nothing to do/);
      const clean = await runData(target, "check");
      assert.equal(clean.code, 0, clean.out);
    });
  });
}

defineCliSuite(
  "fs",
  (name) => {
    const dataDir = path.join(root, name);
    return { env: { DATA_DIR: dataDir }, open: () => createFsStore(dataDir) };
  },
  async (target) => copyLegacyDir(target.env.DATA_DIR!),
);

describe("npm run data on fs: an unfinished commit", () => {
  it("is reported (exit 1), finished when the store opens, and the data is consistent after", async () => {
    const dataDir = path.join(root, "journal");
    const store = createFsStore(dataDir);
    await seedDemoData(store, { linkVault: createLinkVault([TEST_VAULT_SECRET]) });
    const data = createPartyData(store, createLinkVault([TEST_VAULT_SECRET]));
    const john = (await data.organizers.findByEmail("john.smith@example.com"))!;
    const [event] = await data.events.listForOrganizer(john.id);
    const [invitation] = await data.invitations.listForEvent(event!.id);
    // The commit an uninvite makes, caught before the store applies it...
    let request: CommitRequest | undefined;
    const catching = Object.assign(Object.create(null), store, {
      commit: async (r: CommitRequest) => {
        request = r;
        throw new Error("caught");
      },
    }) as AppStore;
    await assert.rejects(
      createPartyData(catching, createLinkVault([TEST_VAULT_SECRET])).invitations.remove(john.id, invitation!.id),
      /caught/,
    );
    await store.close();
    // ...then written as the fs store's journal with only its first file applied: a process killed mid-commit.
    const plan = planCommit(request!.writes);
    mkdirSync(path.join(dataDir, "_journal"), { recursive: true });
    writeFileSync(
      path.join(dataDir, "_journal", "commit.json"),
      JSON.stringify({ v: 1, id: "killed", at: Date.now(), ...plan }),
    );
    const [firstKey, firstText] = plan.values[0]!;
    const firstFile = path.join(dataDir, ...firstKey.split(":"));
    if (firstText === null) rmSync(firstFile, { force: true });
    else writeFileSync(firstFile, firstText);

    const target: Target = { env: { DATA_DIR: dataDir }, open: () => createFsStore(dataDir) };
    const found = await runData(target, "check");
    assert.equal(found.code, 1, found.out);
    assert.match(found.out, /store\s+\S+_journal\/commit\.json: an unfinished commit/);
    assert.match(found.out, /1 problem\(s\)/, "the commit was finished: nothing else is wrong");
    const clean = await runData(target, "check");
    assert.equal(clean.code, 0, clean.out);
    const reopened = createFsStore(dataDir);
    assert.equal(
      await createPartyData(reopened, createLinkVault([TEST_VAULT_SECRET])).invitations.get(invitation!.id),
      null,
      "the uninvite happened, all of it",
    );
    await reopened.close();
  });
});

const redis = await redisForTests("test/data/data-cli.test.ts");
if (redis) {
  const prefixes: string[] = [];
  after(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis.url, prefix);
  });
  defineCliSuite(
    "redis",
    (name) => {
      const prefix = uniquePrefix(`cli-${name}`);
      prefixes.push(prefix);
      return {
        env: { REDIS_URL: redis.url, STORE_KEY_PREFIX: prefix },
        open: () => createRedisStore(redis.url, prefix),
      };
    },
    async (target) => {
      const store = target.open();
      await loadLegacyInto(store);
      await store.close();
    },
  );
} else {
  describe("npm run data on redis", { skip: "no Redis available" }, () => {});
}
