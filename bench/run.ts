/**
 * `npm run bench [-- --quick | --tiny] [--no-http] [--only=1,2,...] [--out=DIR]`
 *
 * What a session costs per request, how the stores scale, and that nothing degrades under load: see
 * bench/README.md for what each figure means. Writes bench/results/latest.md (full runs) or latest-quick.md
 * (quick runs), each with a short history of earlier runs at its end, rewritten each run (no dated file per
 * run); --out=DIR writes there instead (the smoke test does).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { privateRedisUnavailable } from "../support/redis";
import { measureLogin } from "./measure/login";
import { measureMemory, TITLE as MEMORY } from "./measure/memory";
import { measureParty } from "./measure/party";
import { measureStores } from "./measure/stores";
import { measureThroughput, TITLE as THROUGHPUT } from "./measure/throughput";
import { measureWrites } from "./measure/writes";
import { measureColdStart, TITLE as COLD_START } from "./measure/coldstart";
import { measurePhones } from "./measure/phones";
import { measureRush, TITLE as RUSH } from "./measure/rush";
import { measureAlternatives } from "./measure/alternatives";
import { notRun, PROFILES, type Context } from "./support/context";
import {
  cpuSnapshot,
  describeMachine,
  loadavg,
  othersShare,
  renderMarkdown,
  type SectionResult,
} from "./support/report";
import { withHistory } from "./support/history";
import { ensureBuild } from "./support/servers";

// Read at call time by lib/session/events.ts: one JSON line per created session would flood the output.
process.env.SESSION_LOG = "off";
// stdout carries the results table alone (it can be piped to a file); the app code's own log lines and the
// bench's progress go to stderr.
console.info = (...args: unknown[]) => console.error(...args);
console.log = (...args: unknown[]) => console.error(...args);

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    tiny: { type: "boolean", default: false },
    "no-http": { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string" },
  },
  strict: true,
});

const mode = values.tiny ? "tiny" : values.quick ? "quick" : "full";
const only = values.only ? new Set(values.only.split(",").map((s) => Number(s.trim()))) : null;
const wanted = (n: number) => !only || only.has(n);
const log = (line: string) => console.error(line);
const ctx: Context = {
  profile: PROFILES[mode],
  http: !values["no-http"],
  redisMissing: privateRedisUnavailable("bench"),
  log,
};

// An interrupted run must not leave next-servers, redis-servers or the shim behind: their exit hooks run on exit.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`[bench] ${signal}: stopping`);
    process.exit(130);
  });
}

const startedAt = new Date();
const t0 = performance.now();
const loadBefore = loadavg();
const cpuBefore = cpuSnapshot();
log(`[bench] ${mode} run; load average ${loadBefore.join(" / ")}`);
if (ctx.http && [1, 3, 5, 6, 7, 8, 9, 10].some(wanted)) ensureBuild(log);

const sections: SectionResult[] = [];
const noHttp = "--no-http was given (these measurements need `next start`).";

if (wanted(1)) {
  if (!ctx.http) sections.push(notRun(1, THROUGHPUT, noHttp, ["throughput vs cookie mode"]));
  else if (ctx.redisMissing) sections.push(notRun(1, THROUGHPUT, ctx.redisMissing, ["throughput vs cookie mode"]));
  else sections.push(await measureThroughput(ctx));
}
if (wanted(2) || wanted(4)) {
  const [lookup, scale] = await measureStores(ctx);
  if (wanted(2)) sections.push(lookup);
  if (wanted(4)) sections.push(scale);
}
if (wanted(3)) sections.push(await measureWrites(ctx));
if (wanted(5)) sections.push(await measureLogin(ctx));
if (wanted(6)) {
  if (!ctx.http) sections.push(notRun(6, MEMORY, noHttp, ["server RSS after 100,000 requests vs after 10,000"]));
  else if (ctx.redisMissing)
    sections.push(notRun(6, MEMORY, ctx.redisMissing, ["server RSS after 100,000 requests vs after 10,000"]));
  else sections.push(await measureMemory(ctx));
}
if (wanted(7)) sections.push(await measureParty(ctx));
if (wanted(8)) sections.push(await measurePhones(ctx));
if (wanted(9)) {
  if (!ctx.http) sections.push(notRun(9, COLD_START, noHttp, ["cold start to the first signed-in dashboard"]));
  else if (ctx.redisMissing)
    sections.push(notRun(9, COLD_START, ctx.redisMissing, ["cold start to the first signed-in dashboard"]));
  else sections.push(await measureColdStart(ctx));
}
if (wanted(10)) {
  if (!ctx.http) sections.push(notRun(10, RUSH, noHttp, ["guests in a rush: RSVP page and answer p99"]));
  else if (ctx.redisMissing)
    sections.push(notRun(10, RUSH, ctx.redisMissing, ["guests in a rush: RSVP page and answer p99"]));
  else sections.push(await measureRush(ctx));
}
if (wanted(11)) sections.push(await measureAlternatives(ctx));
sections.sort((a, b) => a.number - b.number);

const markdown = renderMarkdown({
  mode,
  argv: process.argv.slice(2),
  startedAt,
  elapsedMs: performance.now() - t0,
  machine: describeMachine(),
  load: { before: loadBefore, after: loadavg() },
  othersCpu: othersShare(cpuBefore, cpuSnapshot()),
  sections,
});

// One file per mode, rewritten each run, with a short history table at its end (no dated file per run).
const file =
  values.out || mode !== "tiny"
    ? path.join(values.out ?? path.join("bench", "results"), `latest${mode === "full" ? "" : `-${mode}`}.md`)
    : null;
const published = file ? withHistory(markdown, file) : markdown;
process.stdout.write(`${published}\n`);
if (file) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, published);
  log(`[bench] results written to ${file}`);
}
// Servers, redis-servers and the shim are stopped; nothing else should keep the process alive, but a stray
// keep-alive socket must not hold the command open.
process.exit(0);
