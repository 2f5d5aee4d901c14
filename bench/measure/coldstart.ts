import { spawn } from "node:child_process";
import path from "node:path";
import { freePort, TEST_SECRET } from "../../e2e/support/app-server";
import { SectionBuilder, type Context } from "../support/context";
import { startBackends } from "../support/backends";
import { table, type SectionResult } from "../support/report";
import { dashboardBodyOk, startVariant } from "../support/servers";
import { median, ms } from "../support/stats";

export const TITLE = "Cold start: from a fresh `next start` process to the first signed-in dashboard";
const TARGET_MS = 1_500;

interface ColdRun {
  /** Spawn to the first HTTP answer of any kind (Node and Next booted, the port open). */
  listeningMs: number;
  /** Spawn to the first signed-in dashboard (the store connection, the first unseal and the render included). */
  dashboardMs: number;
  /** The first dashboard request alone, sent once the port answered. */
  firstRequestMs: number;
  /** The second dashboard request: what the first one cost beyond a warm one. */
  secondRequestMs: number;
}

/**
 * Issue 19, target 5. A built app on a private Redis with a signed-in organizer; then, several times, a fresh
 * `next start` (a new process on the warm build, as a serverless function starts) is spawned and asked for the
 * dashboard as soon as its port answers. Nothing is warmed first: the store connection, the data-version read
 * and the first unseal of the cookie all fall in the first request.
 */
export async function measureColdStart(ctx: Context): Promise<SectionResult> {
  const section = new SectionBuilder(9, TITLE);
  const runs: ColdRun[] = [];
  const backends = await startBackends({ shim: false });
  try {
    const server = await startVariant({ store: "redis", sessions: "store" }, backends);
    let cookie: string;
    let env: NodeJS.ProcessEnv;
    try {
      cookie = (await server.signIn()).cookie;
      env = {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATA_DIR: server.app.dataDir,
        SESSION_SECRET: TEST_SECRET,
        SESSION_SWEEP: "off",
        SESSION_LOG: "off",
        REDIS_URL: backends.redisUrl,
        STORE_KEY_PREFIX: server.prefix,
      };
    } finally {
      await server.app.stop();
    }
    for (let i = 0; i < ctx.profile.coldStarts; i++) {
      ctx.log(`[bench] 9: cold start ${i + 1} of ${ctx.profile.coldStarts}`);
      runs.push(await coldRun(env, cookie));
    }
    await server.stop();
  } finally {
    await backends.dispose();
  }
  const pick = (f: (r: ColdRun) => number) => median(runs.map(f));
  const total = pick((r) => r.dashboardMs);
  section.details.push(
    table(
      ["Run", "spawn → port answers", "first dashboard request", "spawn → first dashboard", "second dashboard request"],
      runs.map((r, i) => [
        String(i + 1),
        ms(r.listeningMs),
        ms(r.firstRequestMs),
        ms(r.dashboardMs),
        ms(r.secondRequestMs),
      ]),
    ),
  );
  const boot = pick((r) => r.listeningMs);
  const first = pick((r) => r.firstRequestMs);
  const dominates =
    boot >= first
      ? `the process start (Node and Next loading the server, ${ms(boot)} of ${ms(total)})`
      : `the first request (${ms(first)} of ${ms(total)}: loading the route's modules, connecting to Redis, the first unseal, the render)`;
  section.row("cold start: spawn → port answers, median", ms(boot), "(info)", "INFO");
  section.row(
    "cold start: first dashboard request vs a warm one, median",
    `${ms(first)} vs ${ms(pick((r) => r.secondRequestMs))}`,
    "(info)",
    "INFO",
  );
  const pass = section.judge(
    `cold start to the first signed-in dashboard (redis), median of ${runs.length}`,
    ms(total),
    `< ${ms(TARGET_MS)}`,
    total < TARGET_MS,
  );
  section.notes.push(`What dominates: ${dominates}.`);
  if (!pass) {
    section.notes.push(
      `**MISS (cold start)**: ${ms(total)} against ${ms(TARGET_MS)}. Measured cause: ${dominates}. ` +
        "What would fix it: less to load at start (Next's standalone output, fewer server modules on the first route), " +
        "and on a shared machine, less competing CPU (this figure scales with the share other processes took).",
    );
  }
  return section.finish();
}

async function coldRun(env: NodeJS.ProcessEnv, cookie: string): Promise<ColdRun> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  const started = performance.now();
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
    env: { ...env, APP_URL: url },
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  try {
    let listeningMs = Number.NaN;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}: ${stderr}`);
      if (performance.now() - started > 60_000) throw new Error("next start did not answer within 60 s");
      try {
        // A TCP connection is all this asks of the server: a HEAD to a path no route serves costs no render.
        await fetch(`${url}/_next/static/none`, { method: "HEAD", signal: AbortSignal.timeout(2_000) });
        listeningMs = performance.now() - started;
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const get = async () => {
      const t = performance.now();
      const response = await fetch(`${url}/organizer`, { headers: { cookie }, redirect: "manual" });
      const body = await response.text();
      if (response.status !== 200 || !dashboardBodyOk(body))
        throw new Error(`the cold dashboard answered ${response.status}`);
      return performance.now() - t;
    };
    const firstRequestMs = await get();
    const dashboardMs = performance.now() - started;
    const secondRequestMs = await get();
    return { listeningMs, dashboardMs, firstRequestMs, secondRequestMs };
  } finally {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      await exited;
    }
  }
}
