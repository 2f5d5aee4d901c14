import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, describe, it } from "node:test";
import { sendInvitationMail } from "../../lib/mail/invitations";
import { listEventMail } from "../../lib/mail/queue";
import { createFsStore } from "../../lib/storage/fs-store";
import { createRedisStore } from "../../lib/storage/redis-store";
import type { AppStore } from "../../lib/storage/types";
import { deleteKeysWithPrefix, redisForTests, uniquePrefix } from "../../support/redis";
import { makeData } from "../party/support";
import { header, invitedEvent, outboxFiles, tempDir } from "./support";

// The queue under a crash: a worker process is killed with SIGKILL while it sends 50 mails; a restarted worker
// (its clock past the dead one's lease) finishes the run. Every mail ends up sent, and the outbox holds exactly
// one message per idempotency key: none lost, none twice.
const CHILD = path.join(import.meta.dirname, "queue-crash-child.ts");
const ROOT = path.resolve(import.meta.dirname, "../..");

function runChild(args: string[], killAfterDeliveries?: number): Promise<{ stdout: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", CHILD, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let killed = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (
        killAfterDeliveries !== undefined &&
        !killed &&
        (stdout.match(/^delivered /gm)?.length ?? 0) >= killAfterDeliveries
      ) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("exit", (code, signal) => {
      if (killed && signal === "SIGKILL") return resolve({ stdout, killed });
      if (code === 0) return resolve({ stdout, killed });
      reject(new Error(`child exited ${code ?? signal}:\n${stdout}\n${stderr}`));
    });
  });
}

async function crashAndRecover(store: AppStore, where: string, prefix: string) {
  const data = makeData(store);
  const { organizerId, event, invitations } = await invitedEvent(data, 50);
  const queued = await sendInvitationMail(
    data.db,
    organizerId,
    event.id,
    invitations.map((i) => ({ invitationId: i.id })),
  );
  assert.ok(queued.ok && queued.value.queued.length === 50);
  const outbox = tempDir("crash-outbox");

  const first = await runChild([where, prefix, outbox, "0"], 12);
  assert.ok(first.killed, "the worker finished before it could be killed");
  const delivered = (await outboxFiles(outbox)).length;
  assert.ok(delivered >= 12 && delivered < 50, `killed after ${delivered} deliveries`);
  const unfinished = (await listEventMail(data.db, event.id)).filter((j) => j.status !== "sent");
  assert.ok(unfinished.length > 0);

  // The restarted worker runs "a minute later": past the killed worker's 30 s lease.
  const second = await runChild([where, prefix, outbox, "60000"]);
  assert.match(second.stdout, /^done \d+$/m);

  const files = await outboxFiles(outbox);
  const keys = files.map((f) => header(f.text, "X-Idempotency-Key"));
  assert.equal(files.length, 50);
  assert.equal(new Set(keys).size, 50, "a key was sent twice");
  assert.deepEqual([...keys].sort(), invitations.map((i) => `${i.id}.invitation`).sort());
  const jobs = await listEventMail(data.db, event.id);
  assert.equal(jobs.length, 50);
  assert.ok(
    jobs.every((j) => j.status === "sent"),
    JSON.stringify(jobs.filter((j) => j.status !== "sent")),
  );
}

const redis = await redisForTests("test/mail/queue-crash.test.ts");

describe("the mail queue under kill -9", () => {
  it("fs: 50 mails, the worker killed mid-run, each sent exactly once after a restart", async () => {
    const dir = tempDir("crash-fs");
    const store = createFsStore(dir);
    try {
      await crashAndRecover(store, dir, "-");
    } finally {
      await store.close();
    }
  });

  it("redis: the same", { skip: redis ? false : "no Redis available" }, async () => {
    const prefix = uniquePrefix("mail-crash");
    const store = createRedisStore(redis!.url, prefix);
    after(() => deleteKeysWithPrefix(redis!.url, prefix).catch(() => undefined));
    try {
      await crashAndRecover(store, redis!.url, prefix);
    } finally {
      await store.close();
    }
  });
});
