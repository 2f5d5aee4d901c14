// Runs every test/**/*.test.ts with Node's own test runner (TypeScript through tsx). The react-server
// condition makes `import "server-only"` a no-op outside Next, as it is inside Server Components.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return find(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

const filter = process.argv.slice(2);
const files = find("test")
  .filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)))
  .sort();
if (files.length === 0) {
  console.error("No unit test files found under test/");
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--conditions=react-server", "--test", "--test-concurrency=1", ...files],
  { stdio: "inherit", env: { ...process.env, SESSION_LOG: process.env.SESSION_LOG ?? "off", NODE_ENV: "test" } },
);
process.exit(result.status ?? 1);
