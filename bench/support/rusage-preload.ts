// Loaded with --import into a CLI the bench runs: writes the process's peak RSS when it exits.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const file = process.env.BENCH_RUSAGE_FILE;
  // resourceUsage().maxRSS is in kilobytes.
  if (file) writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
