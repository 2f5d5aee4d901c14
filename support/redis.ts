import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";

/**
 * Real Redis for tests. The shared server (REDIS_URL, else 127.0.0.1:6379, else a redis-server this process
 * starts) is only ever touched under a per-run key prefix; anything that must observe or stop a whole server
 * (INFO commandstats, "Redis down") gets a private redis-server of its own from startPrivateRedis().
 */

export interface TestRedis {
  url: string;
  origin: "REDIS_URL" | "127.0.0.1:6379" | "spawned redis-server";
}

const LOCAL_URL = "redis://127.0.0.1:6379";

export function redisRequired(): boolean {
  return process.env.REQUIRE_REDIS === "1" || process.env.REQUIRE_REDIS === "true";
}

/** A free TCP port on 127.0.0.1 (released before returning, so a tiny race is possible: callers retry). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** PING over a raw socket: no client library retries, no reconnect loops, just "is something answering". */
export async function pingRedis(url: string, timeoutMs = 500): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === "rediss:") {
    // A TLS Redis is checked with the real client below; a raw socket cannot speak TLS.
    const client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      return (await client.ping()) === "PONG";
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
  return new Promise((resolve) => {
    const socket = connect({ host: parsed.hostname || "127.0.0.1", port: Number(parsed.port || 6379) });
    let answer = "";
    const done = (ok: boolean) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on("error", () => done(false));
    socket.on("connect", () => {
      const password = decodeURIComponent(parsed.password);
      const user = decodeURIComponent(parsed.username);
      if (password) socket.write(user ? `AUTH ${user} ${password}\r\n` : `AUTH ${password}\r\n`);
      socket.write("PING\r\n");
    });
    socket.on("data", (chunk) => {
      answer += chunk.toString("utf8");
      if (answer.includes("+PONG")) done(true);
      else if (answer.includes("-")) done(false);
    });
  });
}

export function redisServerBinary(): string | null {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const bin = found.stdout.trim();
  return found.status === 0 && bin ? bin : null;
}

// --- Private servers ----------------------------------------------------------------------------------

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** The data directory (AOF files live here when persistent). */
  readonly dir: string;
  readonly running: boolean;
  /** The redis-server's pid (a new one after start()), for reading its CPU time. */
  readonly pid: number | undefined;
  /** Graceful shutdown (SIGTERM: a persistent server writes its AOF first); resolves when the process is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory; with persistence the data is back. */
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): the port stays open but nothing answers, as with a hung server. */
  pause(): void;
  resume(): void;
  /** Stops it and deletes its directory. */
  dispose(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** appendonly yes in a temp directory, so stop() + start() keeps the data. */
  persistent?: boolean;
  port?: number;
  /** requirepass: the URL then carries it, as a production REDIS_URL does. */
  password?: string;
}

const privateServers = new Set<ChildProcess>();
const privateDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed or interrupted test run must not leave redis-servers behind.
  process.once("exit", () => {
    for (const child of privateServers) {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
    for (const dir of privateDirs) rmSync(dir, { recursive: true, force: true });
  });
}

async function waitForPing(url: string, child: ChildProcess, output: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    if (await pingRedis(url, 300)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server at ${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

/** Starts a redis-server of this test's own on a free port. Throws when the binary is missing. */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const bin = redisServerBinary();
  if (!bin) throw new Error("redis-server is not installed (apt-get install -y redis-server)");
  installExitHook();
  const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-redis-"));
  privateDirs.add(dir);
  let port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  let log = "";

  const args = () => [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    options.persistent ? "yes" : "no",
    // Every write is on disk before the reply, so a stop right after a write keeps it.
    ...(options.persistent ? ["--appendfsync", "always"] : []),
    "--daemonize",
    "no",
    "--protected-mode",
    "yes",
    "--loglevel",
    "warning",
    ...(options.password ? ["--requirepass", options.password] : []),
  ];
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : "";
  const urlFor = () => `redis://${auth}127.0.0.1:${port}`;

  const launch = async (attempts: number) => {
    for (let attempt = 1; ; attempt++) {
      log = "";
      const current = spawn(bin, args(), { stdio: ["ignore", "pipe", "pipe"] });
      child = current;
      privateServers.add(current);
      current.once("exit", () => privateServers.delete(current));
      current.stdout?.on("data", (chunk) => (log += chunk));
      current.stderr?.on("data", (chunk) => (log += chunk));
      // Neither the server nor its pipes keep a test process alive; the exit hook kills the server.
      current.unref();
      (current.stdout as unknown as { unref?: () => void })?.unref?.();
      (current.stderr as unknown as { unref?: () => void })?.unref?.();
      try {
        await waitForPing(urlFor(), current, () => log);
        return;
      } catch (error) {
        current.kill("SIGKILL");
        // The free port was taken between the check and the bind: try another, unless the port is fixed.
        if (attempt >= attempts || !/Address already in use/i.test(log)) throw error;
        port = await freePort();
      }
    }
  };

  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once("exit", () => resolve()));
    current.kill("SIGCONT");
    current.kill("SIGTERM");
    const timer = setTimeout(() => current.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await launch(options.port === undefined ? 5 : 1);
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    get url() {
      return urlFor();
    },
    get port() {
      return port;
    },
    dir,
    get running() {
      return running();
    },
    get pid() {
      return child?.pid;
    },
    stop,
    async start() {
      if (running()) return;
      await launch(1);
    },
    pause() {
      child?.kill("SIGSTOP");
    },
    resume() {
      child?.kill("SIGCONT");
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
      privateDirs.delete(dir);
    },
  };
}

// --- The shared server --------------------------------------------------------------------------------

let shared: Promise<TestRedis | null> | undefined;

async function locateRedis(): Promise<TestRedis | null> {
  const fromEnv = process.env.REDIS_URL?.trim();
  if (fromEnv) {
    // Explicitly configured: use it or fail, never silently fall back to something else.
    if (!(await pingRedis(fromEnv, 2_000)))
      throw new Error(`REDIS_URL is set but ${maskedUrl(fromEnv)} does not answer PING`);
    return { url: fromEnv, origin: "REDIS_URL" };
  }
  if (await pingRedis(LOCAL_URL)) return { url: LOCAL_URL, origin: "127.0.0.1:6379" };
  if (redisServerBinary()) {
    const server = await startPrivateRedis();
    return { url: server.url, origin: "spawned redis-server" };
  }
  return null;
}

/** The Redis this process's tests share (cached), or null when there is none at all. */
export function findTestRedis(): Promise<TestRedis | null> {
  shared ??= locateRedis();
  return shared;
}

/**
 * For a test file: the shared Redis, or null after a loud line saying these tests are skipped. With
 * REQUIRE_REDIS=1 (CI) a missing Redis throws instead, failing the run.
 */
export async function redisForTests(what: string): Promise<TestRedis | null> {
  const redis = await findTestRedis();
  if (redis) return redis;
  const message =
    `${what}: no Redis (REDIS_URL unset, nothing on 127.0.0.1:6379, no redis-server binary). ` +
    "Install redis-server or set REDIS_URL to run them.";
  if (redisRequired()) throw new Error(`REQUIRE_REDIS is set and ${message}`);
  console.warn(`\n${"!".repeat(100)}\n!!! SKIPPING REDIS TESTS: ${message}\n${"!".repeat(100)}\n`);
  return null;
}

/** Why tests needing their own redis-server cannot run (null when they can); throws under REQUIRE_REDIS. */
export function privateRedisUnavailable(what: string): string | null {
  if (redisServerBinary()) return null;
  const message = `${what}: these tests start their own redis-server and the binary is not installed.`;
  if (redisRequired()) throw new Error(`REQUIRE_REDIS is set and ${message}`);
  console.warn(`\n${"!".repeat(100)}\n!!! SKIPPING REDIS TESTS: ${message}\n${"!".repeat(100)}\n`);
  return message;
}

/** A key prefix unique to this run, valid as STORE_KEY_PREFIX (1-32 of [A-Za-z0-9_-]). */
export function uniquePrefix(label: string): string {
  const tag = label.replace(/[^A-Za-z0-9]/g, "").slice(0, 12) || "t";
  return `hpptest-${tag}-${randomBytes(4).toString("hex")}`;
}

/** A plain ioredis client for assertions (TTL, SMEMBERS, INFO...). Disconnect it when done. */
export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false });
}

/** Every key under `prefix:`. Test-only: the app never scans on a request path. */
export async function keysWithPrefix(url: string, prefix: string): Promise<string[]> {
  const client = redisClient(url);
  try {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    return keys.sort();
  } finally {
    client.disconnect();
  }
}

/** Removes this run's keys, and only them: the shared server holds other people's data. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw new Error(`refusing to delete with prefix ${JSON.stringify(prefix)}`);
  const keys = await keysWithPrefix(url, prefix);
  if (keys.length === 0) return 0;
  const client = redisClient(url);
  try {
    for (let i = 0; i < keys.length; i += 500) await client.unlink(...keys.slice(i, i + 500));
  } finally {
    client.disconnect();
  }
  return keys.length;
}

/** Counts per command from INFO commandstats, e.g. { get: 12, set: 3 }. */
export async function commandStats(url: string): Promise<Record<string, number>> {
  const client = redisClient(url);
  try {
    const info = await client.info("commandstats");
    const stats: Record<string, number> = {};
    for (const line of info.split(/\r?\n/)) {
      const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
      if (match) stats[match[1]!.toLowerCase()] = Number(match[2]);
    }
    return stats;
  } finally {
    client.disconnect();
  }
}

/**
 * Every command the server runs from now until stop(), through MONITOR (its arguments included, which INFO
 * commandstats does not give). Test-only: MONITOR slows a server down.
 */
export async function watchCommands(url: string): Promise<{ commands: string[][]; stop(): Promise<string[][]> }> {
  const client = redisClient(url);
  const monitor = await client.monitor();
  const commands: string[][] = [];
  monitor.on("monitor", (_time: string, args: string[]) => commands.push(args));
  return {
    commands,
    async stop() {
      // MONITOR output trails the replies a little: let the last commands arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      monitor.disconnect();
      client.disconnect();
      return commands;
    },
  };
}

export async function resetCommandStats(url: string): Promise<void> {
  const client = redisClient(url);
  try {
    await client.config("RESETSTAT");
  } finally {
    client.disconnect();
  }
}

function maskedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
