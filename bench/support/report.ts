import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pct } from "./stats";

export type Verdict = "PASS" | "MISS" | "INFO" | "NOT RUN";

/** One line of the summary table: a figure, the target it is judged against, and the verdict. */
export interface TargetRow {
  measure: string;
  figure: string;
  target: string;
  verdict: Verdict;
}

export interface SectionResult {
  number: number;
  /** Share of the machine's CPU used by processes other than the bench's during this section. */
  othersCpu: number;
  title: string;
  rows: TargetRow[];
  /** Markdown blocks (raw figures, per-round tables) printed under the section's heading. */
  details: string[];
  /** Why a target was missed, by how much, and what would fix it; caveats that apply to this run. */
  notes: string[];
  load: { before: number[]; after: number[] };
  elapsedMs: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  os: string;
  redis: string;
  next: string;
  loadGenerator: string;
}

export interface RunReport {
  mode: string;
  othersCpu: number;
  argv: string[];
  startedAt: Date;
  elapsedMs: number;
  machine: Machine;
  load: { before: number[]; after: number[] };
  sections: SectionResult[];
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const esc = (v: string | number) => String(v).replace(/\|/g, "\\|");
  return [
    `| ${headers.map(esc).join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(esc).join(" | ")} |`),
  ].join("\n");
}

function packageVersion(name: string): string {
  try {
    const file = path.join(process.cwd(), "node_modules", name, "package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version ?? "?";
  } catch {
    return "not installed";
  }
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  const redis = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  const redisVersion = /v=(\S+)/.exec(redis.stdout ?? "")?.[1];
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    redis: redisVersion ? `redis-server ${redisVersion}` : "redis-server not installed",
    next: `next ${packageVersion("next")}`,
    loadGenerator: `autocannon ${packageVersion("autocannon")} (in the bench process)`,
  };
}

export const loadavg = (): number[] => os.loadavg().map((v) => Math.round(v * 100) / 100);

/**
 * Who used the CPU. The load average cannot tell the bench's own processes from anyone else's (at the end of a
 * run it mostly counts the bench itself), so the machine's busy time from /proc/stat is compared with this
 * process's own CPU time plus that of its exited children (next-servers, redis-servers, the shim, the CLIs).
 */
export interface CpuSnapshot {
  machineMs: number;
  ownMs: number;
  at: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function cpuSnapshot(): CpuSnapshot {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const busy = cpu.reduce((sum, v, i) => (i === 3 || i === 4 || i > 7 ? sum : sum + v), 0);
    const own = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ").slice(11, 15).map(Number);
    return { machineMs: busy * TICK_MS, ownMs: own.reduce((a, b) => a + b, 0) * TICK_MS, at: performance.now() };
  } catch {
    return { machineMs: Number.NaN, ownMs: Number.NaN, at: performance.now() };
  }
}

/** CPU others used between two snapshots, as a share of the whole machine (all cores) over that time. */
export function othersShare(before: CpuSnapshot, after: CpuSnapshot): number {
  const capacity = (after.at - before.at) * os.cpus().length;
  const others = after.machineMs - before.machineMs - (after.ownMs - before.ownMs);
  return Math.max(0, others) / capacity;
}
const fmtLoad = (l: number[]) => l.map((v) => v.toFixed(2)).join(" / ");

function verdictCounts(sections: SectionResult[]): string {
  const counts: Record<Verdict, number> = { PASS: 0, MISS: 0, INFO: 0, "NOT RUN": 0 };
  for (const s of sections) for (const r of s.rows) counts[r.verdict] += 1;
  return `${counts.PASS} PASS, ${counts.MISS} MISS${counts["NOT RUN"] ? `, ${counts["NOT RUN"]} NOT RUN` : ""}`;
}

export function renderMarkdown(report: RunReport): string {
  const { machine } = report;
  // The load at the end counts the bench itself; what others did meanwhile is the CPU share they used.
  const loadAtStart = report.load.before[0] ?? 0;
  const lines: string[] = [];
  lines.push(`# Session benchmark: ${report.mode} run, ${report.startedAt.toISOString().replace(/\.\d{3}Z$/, "Z")}`);
  lines.push("");
  lines.push(
    `Command: \`npm run bench${report.argv.length ? ` -- ${report.argv.join(" ")}` : ""}\` · took ${(report.elapsedMs / 1000).toFixed(0)} s · ${verdictCounts(report.sections)}`,
  );
  lines.push("");
  lines.push(
    table(
      ["Machine", ""],
      [
        ["CPU", `${machine.cpu} × ${machine.cores} cores`],
        ["Memory", machine.memory],
        ["Node", machine.node],
        ["OS", machine.os],
        ["Redis", machine.redis],
        ["App", machine.next],
        ["Load generator", machine.loadGenerator],
        ["Load average (1/5/15 min) at start", fmtLoad(report.load.before)],
        ["Load average (1/5/15 min) at end", `${fmtLoad(report.load.after)} (mostly the bench's own processes)`],
        ["CPU used by other processes during the run", `${pct(report.othersCpu)} of the machine (all cores)`],
      ],
    ),
  );
  lines.push("");
  if (report.othersCpu >= 0.05) {
    lines.push(
      `> **Noisy machine.** Other processes used ${pct(report.othersCpu)} of the machine's CPU (${machine.cores} cores) while this ` +
        `run went on (load average ${loadAtStart.toFixed(2)} at the start): they competed with it. Absolute figures (requests per ` +
        "second, latencies) are lower and more scattered than on a quiet machine. Ratios are taken side by side within this run " +
        "(variants interleaved), which cancels much of that noise but not all of it. The share per measurement is given under each heading.",
    );
    lines.push("");
  } else if (loadAtStart >= 0.5) {
    lines.push(
      `> The 1-minute load average was ${loadAtStart.toFixed(2)} at the start, but it decays over minutes and still counted work ` +
        `that had just ended: during the run other processes used only ${pct(report.othersCpu)} of the machine's CPU.`,
    );
    lines.push("");
  }
  if (report.mode !== "full") {
    lines.push(
      `> **${report.mode} run.** Sizes, durations and request counts are reduced (they are stated next to each figure), so ` +
        "the verdicts below are for those reduced sizes. Only the full run (`npm run bench`) judges the targets as the issue states them.",
    );
    lines.push("");
  }
  lines.push("## Summary");
  lines.push("");
  const summary: string[][] = [];
  for (const s of report.sections)
    for (const r of s.rows)
      summary.push([`${s.number}`, r.measure, r.figure, r.target, r.verdict === "MISS" ? "**MISS**" : r.verdict]);
  lines.push(table(["#", "Measure", "Figure", "Target", "Verdict"], summary));
  lines.push("");
  for (const s of report.sections) {
    lines.push(`## ${s.number}. ${s.title}`);
    lines.push("");
    lines.push(
      `Took ${(s.elapsedMs / 1000).toFixed(1)} s; other processes used ${pct(s.othersCpu)} of the machine's CPU meanwhile ` +
        `(load average ${s.load.before[0]?.toFixed(2)} before, ${s.load.after[0]?.toFixed(2)} after, the bench's own processes included).`,
    );
    lines.push("");
    for (const block of s.details) {
      lines.push(block);
      lines.push("");
    }
    if (s.notes.length > 0) {
      for (const note of s.notes) lines.push(`- ${note}`);
      lines.push("");
    }
  }
  return lines.join("\n");
}
