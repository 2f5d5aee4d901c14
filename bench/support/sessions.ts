import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SessionConfig } from "../../lib/config";
import type { Clock } from "../../lib/session/clock";
import { createSessionManager, organizerSessionsKey, sessionKey } from "../../lib/session/manager";
import { generateSessionToken, hashSessionToken } from "../../lib/session/token";
import type { AppStore } from "../../lib/storage/types";
import { forEachLimited } from "./stats";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Ten sessions per organizer: realistic index sets, and no single organizer's set grows to 100,000. */
const SESSIONS_PER_ORGANIZER = 10;

export interface LiveSession {
  token: string;
  id: string;
}

/**
 * Writes sessions straight into a store: the same two writes a login makes (index member, then the record with
 * its TTL), without the per-organizer lock a login takes, so that 100,000 of them take seconds, not minutes.
 * Expired ones were created 8 days ago with a 7-day idle lifetime: their record says so, and Redis gets a 1 s
 * TTL for them, as createSession would compute.
 */
export async function populate(
  store: AppStore,
  policy: SessionConfig,
  counts: { live: number; expired: number; firstIndex: number; organizerId?: string },
): Promise<{ live: LiveSession[]; expiredIds: string[] }> {
  const now = Date.now();
  const fresh = createSessionManager({ store, policy, clock: { now: () => now } });
  const old = createSessionManager({ store, policy, clock: { now: () => now - 8 * DAY_MS } });
  const live: LiveSession[] = [];
  const expiredIds: string[] = [];
  const total = counts.live + counts.expired;
  const jobs = Array.from({ length: total }, (_, i) => i);
  await forEachLimited(jobs, 64, async (i) => {
    // Interleaved while both kinds remain, so expired files sit among live ones as they would in real life.
    const isExpired = i < 2 * Math.min(counts.live, counts.expired) ? i % 2 === 1 : counts.expired > counts.live;
    const token = generateSessionToken();
    const id = hashSessionToken(token);
    const organizerId =
      counts.organizerId ?? `benchorg-${Math.floor((counts.firstIndex + i) / SESSIONS_PER_ORGANIZER)}`;
    const manager = isExpired ? old : fresh;
    const record = manager.buildRecord(id, { organizerId, rememberMe: true, userAgent: "hpp-bench" });
    const ttlSeconds = Math.max(1, Math.ceil((Math.min(record.expiresAt, record.absoluteExpiresAt) - now) / 1000));
    await store.setAdd(organizerSessionsKey(organizerId), id);
    await store.set(sessionKey(id), record, { ttlSeconds });
    if (isExpired) expiredIds.push(id);
    else live.push({ token, id });
  });
  return { live, expiredIds };
}

// --- Counting store writes ---------------------------------------------------------------------------

const WRITES = ["set", "replace", "add", "remove", "take", "setAdd", "setRemove"] as const;
export type WriteOp = (typeof WRITES)[number];

/**
 * Every call that may change the store, by operation. A `replace` that found nothing still counts (it is a
 * write attempt); a `take` counts only when it took something (with nothing there it changes nothing: the
 * dashboard asks for a flash message on every render).
 */
export function countWrites(inner: AppStore): { store: AppStore; counts: Record<WriteOp, number>; total(): number } {
  const counts = Object.fromEntries(WRITES.map((op) => [op, 0])) as Record<WriteOp, number>;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if ((WRITES as readonly string[]).includes(prop as string)) {
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (prop !== "take" || (result !== null && result !== undefined)) counts[prop as WriteOp] += 1;
          return result;
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { store, counts, total: () => WRITES.reduce((sum, op) => sum + counts[op], 0) };
}

export class ManualClock implements Clock {
  constructor(public current = Date.now()) {}
  now(): number {
    return this.current;
  }
}

// --- The sessions CLI as a user runs it ----------------------------------------------------------------

export interface CliRun {
  ms: number;
  maxRssBytes: number;
  stdout: string;
}

const PRELOAD = path.join(path.dirname(new URL(import.meta.url).pathname), "rusage-preload.ts");

/**
 * `npm run sessions -- <command>` in a child process of its own (node + tsx, as npm runs it, minus npm's own
 * wrapper processes), so its time and peak memory are its own. A preload reports the peak RSS at exit.
 */
export function runSessionsCli(command: string, env: Record<string, string>): Promise<CliRun> {
  return runCli("scripts/sessions.ts", command, env);
}

/** Any of the project's CLIs (scripts/*.ts) measured the same way; a non-zero exit fails unless `allowExit` has it. */
export async function runCli(
  script: string,
  command: string,
  env: Record<string, string>,
  allowExit: readonly number[] = [0],
): Promise<CliRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-bench-cli-"));
  const usageFile = path.join(dir, "usage.json");
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", "--conditions=react-server", "--import", PRELOAD, script, command],
          {
            env: {
              PATH: process.env.PATH ?? "",
              HOME: process.env.HOME ?? "",
              NODE_ENV: "production",
              SESSION_LOG: "off",
              BENCH_RUSAGE_FILE: usageFile,
              ...env,
            },
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
        child.on("error", reject);
        child.on("exit", (code) => resolve({ code, stdout, stderr }));
      },
    );
    const ms = performance.now() - started;
    if (code === null || !allowExit.includes(code))
      throw new Error(`${script} ${command} exited with ${code}:\n${stdout}\n${stderr}`);
    const usage = JSON.parse(readFileSync(usageFile, "utf8")) as { maxRssKb: number };
    return { ms, maxRssBytes: usage.maxRssKb * 1024, stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
