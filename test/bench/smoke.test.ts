import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

// The benchmarks are not part of `npm test` (numbers on a shared machine prove nothing), but the bench script
// must not rot: this runs it with tiny sizes and checks that it measures and prints its table. It asserts no
// speed. --no-http: the `next start` sections need a production build, which the unit tests run before.

test("npm run bench still runs (tiny sizes, no HTTP) and writes its results table", () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "hpp-bench-smoke-"));
  try {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", "bench/run.ts", "--tiny", "--no-http", `--out=${out}`],
      { encoding: "utf8", timeout: 180_000 },
    );
    assert.equal(result.status, 0, `bench exited with ${result.status}:\n${result.stderr}`);
    const markdown = readFileSync(path.join(out, "latest-tiny.md"), "utf8");
    assert.equal(result.stdout.trim(), markdown.trim(), "the table printed is the one written");

    assert.match(markdown, /^# Session benchmark: tiny run/m);
    for (const label of [
      "CPU",
      "Node",
      "Load average \\(1/5/15 min\\) at start",
      "Load average \\(1/5/15 min\\) at end",
    ]) {
      assert.match(markdown, new RegExp(`^\\| ${label} \\| \\S`, "m"), `machine table lacks ${label}`);
    }
    assert.match(markdown, /^\| # \| Measure \| Figure \| Target \| Verdict \|$/m);

    const rows = markdown
      .split("\n")
      .map((line) => /^\| (\d+) \| (.+?) \| (.+?) \| (.+?) \| (\*\*MISS\*\*|PASS|INFO|NOT RUN) \|$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ section: Number(m[1]), measure: m[2]!, figure: m[3]!, verdict: m[5]! }));
    const judged = (section: number) => rows.filter((r) => r.section === section && /PASS|MISS/.test(r.verdict));

    // The in-process measurements ran and were judged against their targets, with figures.
    assert.ok(
      judged(2).some((r) => r.measure.startsWith("fs: lookup p99")),
      "no fs lookup verdict",
    );
    assert.ok(
      judged(3).some((r) => r.measure.startsWith("fs simulated: writes")),
      "no fs writes verdict",
    );
    assert.ok(
      judged(4).some((r) => r.measure.startsWith("fs: prune")),
      "no fs prune verdict",
    );
    assert.ok(
      judged(4).some((r) => r.measure.startsWith("fs: live sessions that still resolve")),
      "no resolve verdict",
    );
    assert.ok(
      rows.some((r) => r.section === 5 && r.measure.startsWith("bcryptjs hash") && /\d/.test(r.figure)),
      "no bcrypt figure",
    );
    for (const r of [...judged(2), ...judged(3), ...judged(4)])
      assert.match(r.figure, /\d/, `${r.measure} has no figure`);

    // Correctness checks that are not about speed must hold even at tiny sizes.
    const resolve = judged(4).find((r) => r.measure.startsWith("fs: live sessions that still resolve"))!;
    assert.equal(resolve.verdict, "PASS", resolve.figure);

    // Round trips are counted, not timed: the signed-in pages' bound (session + data ≤ 2) holds at any size.
    const trips = rows.filter(
      (r) => r.section === 7 && /store round trips, (dashboard|event page) \(session \+ data\)/.test(r.measure),
    );
    assert.ok(
      trips.some((r) => r.measure.startsWith("fs:")),
      "no fs round-trip verdict",
    );
    for (const r of trips) assert.ok(r.verdict === "PASS" || r.verdict === "NOT RUN", `${r.measure}: ${r.figure}`);
    // The dashboard's streamed "Events I'm invited to" is counted too, on an organizer it has cards for.
    const whole = rows.find((r) => r.section === 7 && r.measure.startsWith("fs: store round trips, whole dashboard"));
    assert.match(whole?.figure ?? "", /^1 \+ 1 \+ \d+ streamed = \d+ \(2 cards\)$/, "no whole-dashboard count on fs");

    // What needs `next start` is reported as not run, never silently left out.
    for (const section of [1, 6, 8, 9])
      assert.ok(
        rows.some((r) => r.section === section && r.verdict === "NOT RUN"),
        `section ${section} missing`,
      );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
