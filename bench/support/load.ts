import autocannon, { type AutocannonResult } from "autocannon";
import { Worker } from "node:worker_threads";
import { cpuMs, DASHBOARD_MARKER, dashboardBodyOk, ORGANIZER } from "./servers";

/**
 * Load on loopback. autocannon drives the closed-loop runs (a fixed number of keep-alive connections, each
 * sending its next request as soon as the previous answered); the paced client below sends at a fixed rate for
 * latency under a known load. Every response is checked: anything but the signed-in dashboard fails the run.
 */

export interface LoadResult {
  requests: number;
  /** The server's CPU time per request over the run (ms), when its pid was given. */
  cpuPerRequest?: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
}

export interface DashboardLoad {
  url: string;
  /** One cookie for every request, or a function giving the next one (rotating over many sessions). */
  cookie: string | (() => string);
  connections: number;
  durationSec?: number;
  amount?: number;
  /** The server's pid: its CPU time over the run is reported per request. */
  pid?: number;
}

function check(result: AutocannonResult, what: string): void {
  const problems: string[] = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats)
      .filter(([code]) => !code.startsWith("2"))
      .map(([code, s]) => `${s.count}× ${code}`)
      .join(", ");
    problems.push(`${result.non2xx} non-2xx answers (${codes})`);
  }
  if (result.errors > 0) problems.push(`${result.errors} errors`);
  if (result.timeouts > 0) problems.push(`${result.timeouts} timeouts`);
  if (result.mismatches > 0) problems.push(`${result.mismatches} answers without the organizer's name`);
  if (problems.length > 0) throw new Error(`${what}: ${problems.join("; ")}; not measuring a broken dashboard`);
}

export async function loadDashboard(options: DashboardLoad): Promise<LoadResult> {
  const { cookie } = options;
  const cpuBefore = options.pid ? cpuMs(options.pid) : 0;
  const result = await autocannon({
    url: `${options.url}/organizer`,
    connections: options.connections,
    // Results are gathered on this tick: at the default 1 s, a run of a fixed amount would be reported as lasting
    // up to a second longer than it did.
    sampleInt: 100,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSec ?? 10 }),
    timeout: 30,
    ...(typeof cookie === "string"
      ? { headers: { cookie } }
      : { requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: cookie() } }) }] }),
    verifyBody: dashboardBodyOk,
  });
  check(result, `GET ${options.url}/organizer`);
  const requests = result["2xx"];
  return {
    requests,
    ...(options.pid ? { cpuPerRequest: (cpuMs(options.pid) - cpuBefore) / requests } : {}),
    seconds: result.duration,
    rps: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

// --- A paced client (open loop): one request every 1/rate s, whether or not the previous answered ------

export interface PacedResult {
  latencies: number[];
  sent: number;
}

/** Calls fn at `rate` per second for `durationSec`, measured from each intended start; awaits them all. */
export async function paced<T>(rate: number, durationSec: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const started = performance.now();
  const total = Math.max(1, Math.round(rate * durationSec));
  const pending: Promise<T>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(fn(i));
  }
  return Promise.all(pending);
}

// The paced dashboard client runs on a thread of its own: its event loop measures the dashboard and does nothing
// else, so work the bench does meanwhile on its main thread (posting logins, its own GC) is not counted as the
// server's latency. Plain JavaScript with node:http only, so it runs as an eval'd worker under tsx or node alike.
const PACED_DASHBOARD_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { Agent, request } = require("node:http");
const { url, cookie, rate, durationSec, marker } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function getOnce() {
  return new Promise((resolve, reject) => {
    const req = request(url + "/organizer", { agent, headers: { cookie } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode || 0, ok: body.includes(marker) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
(async () => {
  const started = performance.now();
  const total = Math.max(1, Math.round(rate * durationSec));
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(getOnce().then((r) => {
      const latency = performance.now() - due;
      if (r.status !== 200 || !r.ok) throw new Error("paced GET /organizer answered " + r.status + (r.status === 200 ? " without the organizer's name" : ""));
      return latency;
    }));
  }
  const latencies = await Promise.all(pending);
  agent.destroy();
  parentPort.postMessage({ latencies });
})().catch((error) => parentPort.postMessage({ error: String(error && error.message || error) }));
`;

/**
 * Dashboard GETs at a fixed rate; each latency is measured from when the request was due (no coordinated
 * omission), by a client on a worker thread of its own.
 */
export function pacedDashboard(url: string, cookie: string, rate: number, durationSec: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(PACED_DASHBOARD_WORKER, {
      eval: true,
      workerData: { url, cookie, rate, durationSec, marker: DASHBOARD_MARKER },
    });
    worker.once("message", (message: { latencies?: number[]; error?: string }) => {
      void worker.terminate();
      if (message.latencies) resolve(message.latencies);
      else reject(new Error(message.error ?? "the paced dashboard client failed"));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the paced dashboard client exited (${code}) before it answered`)));
  });
}

// --- Logging in through the real form (the Server Action, posted as a browser with JS off would) -------

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

export interface LoginForm {
  hidden: [string, string][];
}

/** The login page's hidden Server Action fields, read once. */
export async function readLoginForm(url: string): Promise<LoginForm> {
  const html = await (await fetch(`${url}/organizer/login`)).text();
  const form = /<form[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error("no form on the login page");
  const hidden: [string, string][] = [];
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/?>/g)) {
    hidden.push([decode(match[1]!), decode(match[2] ?? "")]);
  }
  if (!hidden.some(([name]) => name.startsWith("$ACTION")))
    throw new Error("the login form has no Server Action fields");
  return { hidden };
}

/** One real login (bcrypt comparison, session creation); fails unless it redirects to the dashboard with a cookie. */
export async function logInOnce(
  url: string,
  form: LoginForm,
  password: string,
  email: string = ORGANIZER.email,
): Promise<number> {
  const body = new FormData();
  for (const [name, value] of form.hidden) body.append(name, value);
  body.append("email", email);
  body.append("password", password);
  body.append("rememberMe", "on");
  const started = performance.now();
  const response = await fetch(`${url}/organizer/login`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { origin: url },
  });
  const elapsed = performance.now() - started;
  await response.arrayBuffer();
  const location = response.headers.get("location");
  if (
    response.status !== 303 ||
    location !== "/organizer" ||
    !response.headers.getSetCookie().some((c) => c.includes("hpp_session="))
  ) {
    throw new Error(
      `login of ${email} answered ${response.status} (location ${location}), not a redirect to the dashboard with a session cookie`,
    );
  }
  return elapsed;
}
