import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../support/redis";

export const TEST_SECRET = "e2e-session-secret-0123456789-abcdefghijklmnop";

export interface AppServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
  /** A real process restart: the whole process group is killed, then a new one started on the same port.
   * warmRoutes: for this start only, instead of the app's own. */
  restart(options?: { warmRoutes?: string[] }): Promise<void>;
  /** kill -9 of the whole process group, as a crash would end it; resolves once it is gone. restart() brings it back. */
  crash(): Promise<void>;
}

export interface AppServerOptions {
  mode?: "start" | "dev";
  dataDir?: string;
  port?: number;
  env?: Record<string, string | undefined>;
  /** Write the demo data first (default true). */
  seed?: boolean;
  /** The project directory to run in (default: this one); e.g. a copy from copyProject(). */
  cwd?: string;
  /** next dev: routes requested once after every start, before a browser opens them (default: the login page,
   * the dashboard and the home page). */
  warmRoutes?: string[];
}

// One free-port helper for unit and e2e support code.
export { freePort };

/** The bearer token of GET /api/cron/tick in every app server the specs start. */
export const TEST_CRON_SECRET = "e2e-cron-secret-0123456789abcdef";

export function tempDataDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `hpp-e2e-${label}-`));
}

function baseEnv(options: AppServerOptions, dataDir: string, url: string): NodeJS.ProcessEnv {
  const mode = options.mode ?? "start";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: mode === "dev" ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATA_DIR: dataDir,
    SESSION_SECRET: TEST_SECRET,
    SESSION_SWEEP: "off",
    // Production refuses to start without it (links in mail are never built from a request's Host header);
    // `next dev` is left to use the request's host. A spec may override it, or unset it with undefined.
    APP_URL: mode === "start" ? url : undefined,
    // Production also refuses to start without the tick route's secret.
    CRON_SECRET: TEST_CRON_SECRET,
    // No minute tick: its lease write would show up in specs that check a request changed nothing on disk, and
    // mail must come from the request (after()) or the tick route. A spec may turn it on.
    JOBS_SELF_TICK: "off",
    TRUSTED_PROXY_HOPS: undefined,
    // Cleared so that a developer's Redis settings never leak into the fs-based specs.
    REDIS_URL: undefined,
    UPSTASH_REDIS_REST_URL: undefined,
    UPSTASH_REDIS_REST_TOKEN: undefined,
    KV_REST_API_URL: undefined,
    KV_REST_API_TOKEN: undefined,
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

export function seedStore(env: NodeJS.ProcessEnv, cwd?: string): void {
  const result = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/seed.ts"], {
    cwd,
    env,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`seed failed:\n${result.stdout}\n${result.stderr}`);
}

async function waitForHealthy(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200 || response.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${url} did not become ready in ${timeoutMs} ms:\n${output()}`);
}

export async function startApp(options: AppServerOptions = {}): Promise<AppServer> {
  const mode = options.mode ?? "start";
  const dataDir = options.dataDir ?? tempDataDir(mode);
  const port = options.port ?? (await freePort());
  const url = `http://localhost:${port}`;
  const env = baseEnv(options, dataDir, url);
  if (options.seed !== false) seedStore(env, options.cwd);

  let child: ChildProcess | undefined;
  let log = "";
  const launch = async (warmRoutes = options.warmRoutes ?? ["/organizer/login", "/organizer", "/"]) => {
    const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
    child = spawn(process.execPath, [nextBin, mode, "-p", String(port)], {
      cwd: options.cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => (log += chunk));
    child.stderr?.on("data", (chunk) => (log += chunk));
    await waitForHealthy(url, child, () => log, mode === "dev" ? 120_000 : 60_000);
    if (mode === "dev") {
      // next dev compiles a route on its first request and may reload an open page when it finishes; compile
      // the pages the tests use before a browser opens them, so a click never lands on a page mid-reload.
      for (const route of warmRoutes) {
        await fetch(`${url}${route}`, { redirect: "manual", signal: AbortSignal.timeout(120_000) }).catch(
          () => undefined,
        );
      }
    }
  };

  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null || current.pid === undefined) return;
    const exited = new Promise<void>((resolve) => current.once("exit", () => resolve()));
    try {
      process.kill(-current.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-current.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
    // The port must be free again before a restart binds it.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      try {
        await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(500) });
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        return;
      }
    }
  };

  const crash = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null || current.pid === undefined) return;
    const exited = new Promise<void>((resolve) => current.once("exit", () => resolve()));
    process.kill(-current.pid, "SIGKILL");
    await exited;
  };

  await launch();
  return {
    url,
    port,
    dataDir,
    output: () => log,
    stop,
    crash,
    async restart(restartOptions = {}) {
      await stop();
      await launch(restartOptions.warmRoutes);
    },
  };
}
