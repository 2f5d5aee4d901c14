import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { startApp, TEST_SECRET, type AppServer } from "../../e2e/support/app-server";
import { parseConfig, parseSessionSecrets, type AppConfig, type SessionSecrets } from "../../lib/config";
import { hashPassword } from "../../lib/auth/password";
import { DEMO_PASSWORD } from "../../scripts/demo-data";
import { createOrganizerRepository } from "../../lib/data/organizers";
import { sealSessionCookie } from "../../lib/session/cookie";
import { createSessionManager } from "../../lib/session/manager";
import { generateSessionToken, hashSessionToken } from "../../lib/session/token";
import { createStore } from "../../lib/storage";
import type { AppStore } from "../../lib/storage/types";

/**
 * The app under `next start`, one process per variant, and signed-in cookies for it. Sessions are created
 * directly in the server's own store (same DATA_DIR or Redis prefix, same SESSION_SECRET) instead of through the
 * login form: that is exactly what a login leaves behind, without a Server Action round trip per cookie. Every
 * cookie is checked against the real dashboard before anything is measured.
 */

export type StoreKind = "fs" | "redis" | "upstash";
export const STORE_KINDS: readonly StoreKind[] = ["fs", "redis", "upstash"];

/** A store with server-side sessions, or the same store holding only app data with SESSION_STORE=cookie. */
export interface Variant {
  store: StoreKind;
  sessions: "store" | "cookie";
}

export const variantName = (v: Variant) => (v.sessions === "cookie" ? `cookie (${v.store} data)` : v.store);

/**
 * The organizer the bench signs in as: created by the bench in each server's store, with no parties. Its
 * dashboard is the lightest signed-in page there is (the empty state), so the session layer's share of each
 * request is as large as it gets: the strictest setting for "what a session costs per request". (The demo
 * organizer's dashboard, with the seeded parties, costs several times more CPU per request.)
 */
export const ORGANIZER = { email: "bench.organizer@example.com", firstName: "Bench", lastName: "Organizer" } as const;
export const ORGANIZER_NAME = `${ORGANIZER.firstName} ${ORGANIZER.lastName}`;

let passwordHash: Promise<string> | undefined;
/** One bcrypt hash of the demo password for every account the bench creates (hashing costs ~0.25 s each). */
export function benchPasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  return passwordHash;
}
export const SECRETS: SessionSecrets = { ...parseSessionSecrets(TEST_SECRET), source: "SESSION_SECRET" };

export interface Backends {
  redisUrl?: string;
  shim?: { url: string; token: string };
}

export interface BenchServer {
  readonly variant: Variant;
  readonly app: AppServer;
  readonly url: string;
  /** The same configuration the server parsed from its environment. */
  readonly config: AppConfig;
  /** This process's own connection to the server's store (for creating sessions, counting, checking). */
  readonly store: AppStore;
  /** The Redis key prefix the server uses (redis and upstash variants). */
  readonly prefix: string;
  /** The pid of the process that listens (the next-server itself, not a wrapper). */
  readonly pid: number;
  /** A new session of the demo organizer: the Cookie header value, and the record's id (cookie mode: none stored). */
  signIn(options?: { lastSeenAgoMs?: number }): Promise<SignedIn>;
  stop(): Promise<void>;
}

// startApp spawns each server detached, in a process group of its own: an interrupted bench (Ctrl-C) would leave
// them running. The bench exits through process.exit on SIGINT/SIGTERM, which runs this.
const running = new Set<number>();
process.once("exit", () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
});

export interface SignedIn {
  cookie: string;
  sessionId: string;
}

export function benchPrefix(label: string): string {
  return `hppbench-${label}-${randomBytes(3).toString("hex")}`.slice(0, 32);
}

export async function startVariant(
  variant: Variant,
  backends: Backends,
  extraEnv: Record<string, string> = {},
): Promise<BenchServer> {
  const prefix = benchPrefix(`${variant.sessions === "cookie" ? "c" : ""}${variant.store}`);
  const env: Record<string, string> = { STORE_KEY_PREFIX: prefix, ...extraEnv };
  if (variant.sessions === "cookie") env.SESSION_STORE = "cookie";
  if (variant.store === "redis") {
    if (!backends.redisUrl) throw new Error("the redis variant needs a Redis");
    env.REDIS_URL = backends.redisUrl;
  }
  if (variant.store === "upstash") {
    if (!backends.shim) throw new Error("the upstash variant needs the Upstash REST shim");
    env.UPSTASH_REDIS_REST_URL = backends.shim.url;
    env.UPSTASH_REDIS_REST_TOKEN = backends.shim.token;
  }
  const app = await startApp({ env });
  try {
    const config = parseConfig({ NODE_ENV: "production", DATA_DIR: app.dataDir, ...env });
    const store = createStore(config);
    const pid = listeningPid(app.port);
    running.add(pid);
    const created = await createOrganizerRepository(store).create({
      ...ORGANIZER,
      passwordHash: await benchPasswordHash(),
    });
    if (!created.ok) throw new Error(`could not create the bench organizer: ${created.reason}`);
    const server: BenchServer = {
      variant,
      app,
      url: app.url,
      config,
      store,
      prefix,
      pid,
      signIn: (options) => signIn(server, options),
      async stop() {
        await store.close();
        await app.stop();
        running.delete(pid);
        rmSync(app.dataDir, { recursive: true, force: true });
      },
    };
    return server;
  } catch (error) {
    await app.stop();
    throw error;
  }
}

async function signIn(server: BenchServer, options: { lastSeenAgoMs?: number } = {}): Promise<SignedIn> {
  const { config, store } = server;
  const organizer = await createOrganizerRepository(store).findByEmail(ORGANIZER.email);
  if (!organizer)
    throw new Error(
      `the bench organizer ${ORGANIZER.email} is not in the ${variantName(server.variant)} server's store`,
    );
  const ago = options.lastSeenAgoMs ?? 0;
  const manager = createSessionManager({ store, policy: config.session, clock: { now: () => Date.now() - ago } });
  const input = { organizerId: organizer.id, rememberMe: true, userAgent: "hpp-bench" };
  if (config.session.mode === "store") {
    const { token, session } = await manager.createSession(input);
    const value = await sealSessionCookie({ t: token }, SECRETS, config.session);
    return { cookie: `${config.session.cookieName}=${value}`, sessionId: session.id };
  }
  const record = manager.buildRecord(hashSessionToken(generateSessionToken()), input);
  const value = await sealSessionCookie({ r: record }, SECRETS, config.session);
  return { cookie: `${config.session.cookieName}=${value}`, sessionId: record.id };
}

/**
 * Fails the run unless the cookie gets the signed-in dashboard with the organizer's name: a redirect to the
 * login page measured as a "fast dashboard" would be a lie.
 */
export async function verifyDashboard(url: string, cookie: string): Promise<void> {
  const response = await fetch(`${url}/organizer`, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(
      `GET /organizer with the bench cookie answered ${response.status} (location: ${response.headers.get("location")}), not the dashboard`,
    );
  }
  if (!dashboardBodyOk(body))
    throw new Error(`GET /organizer answered 200 but without "${ORGANIZER_NAME}" in the page`);
}

/** What only the signed-in dashboard of the bench organizer contains. */
export const DASHBOARD_MARKER = `data-testid="organizer-name">${ORGANIZER_NAME}<`;

export function dashboardBodyOk(body: string): boolean {
  return body.includes(DASHBOARD_MARKER);
}

// --- The server process ------------------------------------------------------------------------------

/** The pid owning the listening socket on `port` (from /proc: no ss/lsof needed). */
export function listeningPid(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT, st 0A is LISTEN, the inode is column 10.
      if (cols.length > 9 && cols[1]?.endsWith(`:${hexPort}`) && cols[3] === "0A") inodes.add(cols[9]!);
    }
  }
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) return Number(entry);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  throw new Error(`no process found listening on port ${port}`);
}

/** Resident set size of a process, in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

let ticksPerSecond: number | undefined;

/** CPU time (user + system, all threads) a process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  ticksPerSecond ??= Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  // Fields after the parenthesised command name: utime and stime are the 14th and 15th of the whole line.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

// --- The build ---------------------------------------------------------------------------------------

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** `next build` unless .next holds a build newer than every source file: never benchmark stale code. */
export function ensureBuild(log: (line: string) => void): void {
  const buildId = path.join(".next", "BUILD_ID");
  const sources = ["app", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.mjs", "package-lock.json"];
  const newestSource = Math.max(...sources.map(newestMtime));
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource) return;
  log(
    existsSync(buildId)
      ? "[bench] sources changed since the last build: running next build"
      : "[bench] no build yet: running next build",
  );
  const result = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}
