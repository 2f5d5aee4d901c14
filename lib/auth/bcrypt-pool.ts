import bcrypt from "bcryptjs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * bcryptjs off the main event loop: a small pool of worker threads, each running one hash or compare at a
 * time (synchronously, it has nothing else to do), so the server's event loop only waits for a message.
 *
 * Bundling: Next bundles server code, so a worker file referenced by path may not exist in .next. The worker's
 * code is therefore this module's string (`eval: true`), and it imports bcryptjs from the project's
 * node_modules, found at run time (bcryptjs is in serverExternalPackages, so it stays there and output file
 * tracing carries it). Works the same under next start, next dev, tsx and node --test.
 *
 * Lifecycle: no worker until the first call; workers are started on demand up to `size`; an idle worker is
 * unref()ed so it never keeps a CLI or a test process alive, a busy one is ref()ed so the process does not
 * exit while a hash is awaited. A worker that dies mid-call rejects that call (BcryptWorkerError) and is
 * replaced by the next call. If no worker can be started at all, the pool warns once and hashes in process.
 */

export class BcryptWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BcryptWorkerError";
  }
}

export interface BcryptPoolOptions {
  /** Worker threads at most. 0: no threads, bcryptjs runs on the calling thread (its async API). */
  size: number;
  /** Directories to look for node_modules/bcryptjs from (and up), in order. Defaults to resolveBcryptFrom(). */
  resolveFrom?: string[];
  /** A worker that has not loaded bcryptjs after this long counts as one that cannot start. */
  startTimeoutMs?: number;
  /** How much lower than the process the worker threads run (Linux nice steps, capped at 19). Default WORKER_NICENESS. */
  niceness?: number;
  /** Where the one fallback warning and crash notices go (console by default). */
  log?: { warn(message: string): void; error(message: string): void };
}

export interface BcryptPoolStats {
  mode: "workers" | "in-process";
  size: number;
  workers: number;
  busy: number;
  queued: number;
}

export interface BcryptPool {
  hash(password: string, cost: number): Promise<string>;
  compare(password: string, hash: string): Promise<boolean>;
  stats(): BcryptPoolStats;
  /** The live worker threads, for tests and diagnostics. */
  threads(): Worker[];
  /** Stops every worker; calls still queued or running reject. The pool refuses calls afterwards. */
  close(): Promise<void>;
}

/**
 * Worker threads run at the lowest priority (nice 19; Linux, elsewhere ignored). A login is ~300 ms of CPU that can
 * wait a few ms; a page request should not wait behind it when the machine's cores are all busy. At nice 19 a worker
 * gets about 1.5% of a contended core (nice 10: about a tenth), and all of an idle one. Bench section 5, quiet
 * 2-core machine, 4 logins/s at cost 12: dashboard p99 during logins 85 ms with one worker at nice 10; 40-50 ms
 * with one at nice 19 (logins queued: 3.2-3.6/s achieved); 37 ms with two at nice 19 (4/s, login p50 330 ms).
 */
export const WORKER_NICENESS = 19;

/**
 * One worker per core, at most 4. The workers yield to everything else (WORKER_NICENESS), so they cannot take
 * a core away from the event loop; fewer workers than cores only makes logins queue once one worker is busy.
 */
export function defaultBcryptPoolSize(cores: number = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores, 4));
}

/**
 * Where the worker looks for bcryptjs: the working directory (next start, next dev, the CLIs and tests all
 * run from the project), the entry script's directory (node_modules/next/dist/... or a standalone
 * server.js) and this module's own directory when it is a real file (tsx, node --test). Inside a Next bundle
 * import.meta.url points at the bundle, which is harmless: a candidate that fails is skipped.
 */
export function resolveBcryptFrom(): string[] {
  const candidates = [process.cwd()];
  if (process.argv[1]) candidates.push(path.dirname(path.resolve(process.argv[1])));
  try {
    const url = import.meta.url;
    if (url.startsWith("file:")) candidates.push(path.dirname(fileURLToPath(url)));
  } catch {
    // not a file URL
  }
  return [...new Set(candidates)];
}

// The worker, as CommonJS source: a string, so no bundler rewrites or drops it. It imports bcryptjs's ESM entry,
// the file the server itself loads and the one Next's output file tracing ships (the package's CommonJS build,
// which require("bcryptjs") would pick, is not traced). Found by walking up from each candidate directory.
const WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

function findEntry(base) {
  for (let dir = path.resolve(base); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "node_modules", "bcryptjs", "package.json");
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, "utf8"));
      const root = pkg.exports && (pkg.exports["."] || pkg.exports);
      const entry = root && root.import ? (typeof root.import === "string" ? root.import : root.import.default) : pkg.main;
      return path.join(path.dirname(manifest), entry || "index.js");
    }
    if (path.dirname(dir) === dir) return null;
  }
}

async function load() {
  const tried = [];
  for (const base of workerData.resolveFrom) {
    const entry = findEntry(base);
    if (!entry) {
      tried.push(base);
      continue;
    }
    try {
      const mod = await import(pathToFileURL(entry).href);
      return { bcrypt: mod.default || mod, entry };
    } catch (error) {
      tried.push(entry + " (" + String(error && error.message).split("\\n")[0] + ")");
    }
  }
  throw new Error("bcryptjs not found from " + tried.join(", "));
}

// Linux keeps a nice value per thread: this one yields the CPU to the event loop (and to everything else) when
// both want it. Best effort: elsewhere, or if it fails, the worker runs at the process's priority.
if (workerData.niceness > 0) {
  try {
    const os = require("node:os");
    const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + workerData.niceness));
  } catch {}
}

load().then(
  ({ bcrypt, entry }) => {
    parentPort.on("message", (job) => {
      let reply;
      try {
        const value = job.op === "hash" ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
        reply = { id: job.id, ok: true, value };
      } catch (error) {
        reply = { id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) };
      }
      parentPort.postMessage(reply);
    });
    parentPort.postMessage({ type: "ready", entry });
  },
  (error) => parentPort.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) }),
);
`;

type Call = { op: "hash"; password: string; cost: number } | { op: "compare"; password: string; hash: string };

interface Job {
  id: number;
  call: Call;
  resolve(value: string | boolean): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  state: "starting" | "idle" | "busy";
  job?: Job;
  gone: boolean;
  startTimer?: NodeJS.Timeout;
}

type WorkerMessage =
  | { type: "ready"; entry: string }
  | { type: "failed"; message: string }
  | { id: number; ok: true; value: string | boolean }
  | { id: number; ok: false; message: string };

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

export function createBcryptPool(options: BcryptPoolOptions): BcryptPool {
  const size = Math.max(0, Math.floor(options.size));
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const log = options.log ?? console;
  const niceness = options.niceness ?? WORKER_NICENESS;
  let resolveFrom = options.resolveFrom;
  let mode: BcryptPoolStats["mode"] = size === 0 ? "in-process" : "workers";
  let closed = false;
  let nextId = 1;
  const queue: Job[] = [];
  const slots: Slot[] = [];

  function runInProcess(job: Job): void {
    const { call } = job;
    const work = call.op === "hash" ? bcrypt.hash(call.password, call.cost) : bcrypt.compare(call.password, call.hash);
    work.then(
      (result) => job.resolve(result),
      (error: unknown) => job.reject(error as Error),
    );
  }

  function fallBack(reason: string): void {
    if (mode === "in-process") return;
    mode = "in-process";
    log.warn(
      `[auth] could not start a bcrypt worker thread (${reason}): hashing passwords on the main thread instead, ` +
        "which delays other requests while a login runs",
    );
    for (const slot of [...slots]) if (slot.state !== "busy") retire(slot);
  }

  /** Takes a slot out of the pool and stops its thread (idempotent). */
  function retire(slot: Slot): void {
    if (slot.gone) return;
    slot.gone = true;
    clearTimeout(slot.startTimer);
    slots.splice(slots.indexOf(slot), 1);
    void slot.worker.terminate().catch(() => undefined);
  }

  function start(): void {
    let worker: Worker;
    try {
      resolveFrom ??= resolveBcryptFrom();
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        execArgv: [],
        env: {},
        name: "bcrypt",
        workerData: { resolveFrom, niceness },
      });
    } catch (error) {
      fallBack(reasonText(error));
      return;
    }
    const slot: Slot = { worker, state: "starting", gone: false };
    slots.push(slot);
    slot.startTimer = setTimeout(() => {
      if (slot.state !== "starting" || slot.gone) return;
      retire(slot);
      fallBack(`the worker did not start within ${startTimeoutMs} ms`);
      pump();
    }, startTimeoutMs);
    slot.startTimer.unref();
    worker.on("message", (message: WorkerMessage) => onMessage(slot, message));
    worker.on("error", (error) => onGone(slot, error));
    worker.on("exit", (code) => onGone(slot, new Error(`exited with code ${code}`)));
  }

  function onMessage(slot: Slot, message: WorkerMessage): void {
    if (slot.gone) return;
    if ("type" in message && message.type === "failed") {
      onGone(slot, new Error(message.message));
      return;
    }
    if ("type" in message) {
      clearTimeout(slot.startTimer);
      slot.state = "idle";
    } else {
      const job = slot.job;
      slot.job = undefined;
      slot.state = "idle";
      if (job && job.id === message.id) {
        if (message.ok) job.resolve(message.value);
        else job.reject(new Error(message.message));
      }
    }
    if (mode === "in-process") retire(slot);
    pump();
    if (slot.state === "idle" && !slot.gone) slot.worker.unref();
  }

  function onGone(slot: Slot, reason: unknown): void {
    if (slot.gone) return;
    const wasStarting = slot.state === "starting";
    const job = slot.job;
    retire(slot);
    if (closed) return;
    if (wasStarting) {
      fallBack(reasonText(reason));
    } else if (job) {
      log.error(
        `[auth] a bcrypt worker stopped during a ${job.call.op} (${reasonText(reason)}); the next call starts a new one`,
      );
      job.reject(new BcryptWorkerError(`The bcrypt worker stopped during a ${job.call.op}: ${reasonText(reason)}`));
    }
    pump();
  }

  /** Hands queued calls to idle workers, starting workers while there are more calls than starting ones. */
  function pump(): void {
    while (queue.length > 0) {
      if (mode === "in-process") {
        runInProcess(queue.shift()!);
        continue;
      }
      const idle = slots.find((s) => s.state === "idle");
      if (idle) {
        const job = queue.shift()!;
        idle.state = "busy";
        idle.job = job;
        idle.worker.ref();
        idle.worker.postMessage({ id: job.id, ...job.call });
        continue;
      }
      const starting = slots.filter((s) => s.state === "starting").length;
      if (slots.length < size && starting < queue.length) {
        start();
        continue;
      }
      break;
    }
  }

  function submit(call: Call): Promise<string | boolean> {
    return new Promise((resolve, reject) => {
      if (closed) {
        reject(new BcryptWorkerError("The bcrypt pool is closed"));
        return;
      }
      queue.push({ id: nextId++, call, resolve, reject });
      pump();
    });
  }

  return {
    async hash(password, cost) {
      return (await submit({ op: "hash", password, cost })) as string;
    },
    async compare(password, hash) {
      return (await submit({ op: "compare", password, hash })) as boolean;
    },
    stats() {
      return {
        mode,
        size,
        workers: slots.length,
        busy: slots.filter((s) => s.state === "busy").length,
        queued: queue.length,
      };
    },
    threads() {
      return slots.map((s) => s.worker);
    },
    async close() {
      closed = true;
      const stopping = slots.map((s) => s.worker);
      const pending = [...queue.splice(0), ...slots.flatMap((s) => (s.job ? [s.job] : []))];
      for (const slot of [...slots]) retire(slot);
      for (const job of pending) job.reject(new BcryptWorkerError("The bcrypt pool was closed"));
      await Promise.all(stopping.map((w) => w.terminate().catch(() => undefined)));
    },
  };
}
