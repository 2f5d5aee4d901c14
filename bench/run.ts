/**
 * `npm run bench [-- --quick | --tiny] [--no-http] [--only=1,2,...] [--out=DIR]`
 *
 * What a session costs per request, how the stores scale, and that nothing degrades under load: see
 * bench/README.md for what each figure means. Writes bench/results/latest.md (full runs) or
 * latest-quick.md (quick runs) and adds a row to history.md; --out=DIR writes there instead (the smoke test does).
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { privateRedisUnavailable } from "../test/support/redis";
import { measureLogin } from "./measure/login";
import { measureMemory, TITLE as MEMORY } from "./measure/memory";
import { measureParty } from "./measure/party";
import { measureStores } from "./measure/stores";
import { measureThroughput, TITLE as THROUGHPUT } from "./measure/throughput";
import { measureWrites } from "./measure/writes";
import { notRun, PROFILES, type Context } from "./support/context";
import { cpuSnapshot, describeMachine, loadavg, othersShare, renderMarkdown, type SectionResult } from "./support/report";
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
if (ctx.http && [1, 3, 5, 6, 7].some(wanted)) ensureBuild(log);

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
  else if (ctx.redisMissing) sections.push(notRun(6, MEMORY, ctx.redisMissing, ["server RSS after 100,000 requests vs after 10,000"]));
  else sections.push(await measureMemory(ctx));
}
if (wanted(7)) sections.push(await measureParty(ctx));
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
process.stdout.write(`${markdown}\n`);

if (values.out || mode !== "tiny") {
  const dir = values.out ?? path.join("bench", "results");
  mkdirSync(dir, { recursive: true });
  const suffix = mode === "full" ? "" : `-${mode}`;
  const file = path.join(dir, `latest${suffix}.md`);
  writeFileSync(file, markdown);
  // One row per run in history.md; the full reports of earlier runs live in git history of latest*.md.
  const history = path.join(dir, "history.md");
  const verdicts = /\d+ PASS, \d+ MISS/.exec(markdown)?.[0] ?? "";
  const took = /took (\d+ s)/.exec(markdown)?.[1] ?? "";
  if (existsSync(history)) appendFileSync(history, `| ${startedAt.toISOString()} | ${mode} | ${took} | ${verdicts} | | | |\n`);
  log(`[bench] results written to ${file}${existsSync(history) ? ` and a row in ${history}` : ""}`);
}
// Servers, redis-servers and the shim are stopped; nothing else should keep the process alive, but a stray
// keep-alive socket must not hold the command open.
process.exit(0);
