import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { withHistory } from "../../bench/support/history";

const report = (when: string, took: number) =>
  [
    `# Session benchmark: full run, ${when}`,
    "",
    `Command: \`npm run bench\` · took ${took} s · 1 PASS, 0 MISS`,
    "",
    "| Load average (1/5/15 min) at start | 1.00 / 1.00 / 1.00 |",
    "| CPU used by other processes during the run | 5.0% of the machine |",
  ].join("\n");

test("each run keeps every earlier run in the history table, newest first, none twice", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-history-"));
  try {
    const file = path.join(dir, "latest.md");
    for (const [i, when] of ["2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", "2026-12-01T12:00:00Z"].entries()) {
      writeFileSync(file, withHistory(report(when, 100 + i), file));
    }
    // The same run written again (a rewritten report) is listed once.
    const again = withHistory(report("2026-12-01T12:00:00Z", 102), file);
    const runs = [...again.matchAll(/^\| (2026-12-01 \d\d:\d\dZ) \|/gm)].map((m) => m[1]);
    assert.deepEqual(runs, ["2026-12-01 12:00Z", "2026-12-01 11:00Z", "2026-12-01 10:00Z"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
