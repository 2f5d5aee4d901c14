import { existsSync, readFileSync } from "node:fs";

/**
 * The short history kept at the end of latest.md (and latest-quick.md): one row per run, newest first, instead
 * of a new dated file per run. The rows come from the previous file's own history table, or, for a file written
 * before the history existed, from its heading and command line.
 */
const HEADING = "## History";
const COLUMNS = ["Run (UTC)", "Took", "Verdicts", "Load average at start", "Others' CPU during the run"];
const KEEP = 12;

export function historyRow(markdown: string): string[] | null {
  const when = /^# Session benchmark: \w+ run, (\S+)/m.exec(markdown)?.[1];
  const command = /^Command: .* · took (\d+) s · (.+)$/m.exec(markdown);
  if (!when || !command) return null;
  const load = /^\| Load average \(1\/5\/15 min\) at start \| ([^|]+) \|/m.exec(markdown)?.[1]?.trim() ?? "—";
  const others = /^\| CPU used by other processes during the run \| ([\d.]+%)/m.exec(markdown)?.[1] ?? "—";
  return [when.replace("T", " ").replace(/:\d\dZ$/, "Z"), `${command[1]} s`, command[2]!.trim(), load, others];
}

/**
 * The previous file's runs: its history table (which starts with its own run), or its own run alone for a file
 * without one. `except` (this run's time) is left out, so a rewritten report does not list its run twice.
 */
function previousRows(file: string, except: string | undefined): string[][] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  const at = text.indexOf(`\n${HEADING}\n`);
  if (at < 0) {
    const row = historyRow(text);
    return row && row[0] !== except ? [row] : [];
  }
  return text
    .slice(at)
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith(`| ${COLUMNS[0]}`) && !line.startsWith("| ---"))
    .map((line) => line.slice(2, -2).split(" | "))
    .filter((cells) => cells.length === COLUMNS.length && cells[0] !== except);
}

/** The report with the history table appended: this run first, then the previous file's rows. */
export function withHistory(markdown: string, previousFile: string): string {
  // Before, the previous file's own run was filtered out of its table here, so each run dropped the one before it.
  const own = historyRow(markdown);
  const rows = [own, ...previousRows(previousFile, own?.[0])].filter((r): r is string[] => r !== null).slice(0, KEEP);
  const table = [
    `| ${COLUMNS.join(" | ")} |`,
    `| ${COLUMNS.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
  return `${markdown.trimEnd()}\n\n${HEADING}\n\nThe latest runs of this mode, newest first (the full report above is the newest one's).\n\n${table.join("\n")}\n`;
}
