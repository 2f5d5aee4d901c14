import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface ProjectCopy {
  readonly dir: string;
  remove(): void;
}

// Build output, data, local settings and test artefacts: what a fresh clone does not have.
const LEFT_OUT = new Set([".git", ".next", ".data", "node_modules", "test-results", "playwright-report", ".env"]);

/**
 * A throwaway copy of this project in a temp directory, as a fresh clone would be: the sources without `.next`,
 * `.data` or `.env*.local`. A spec that runs `next dev` there gets a dev server with a cold Turbopack cache and
 * leaves the developer's own `.next/dev` alone (one `next dev` per folder, and its cache is per folder).
 *
 * node_modules is hard-linked (a second or so) where the file system allows, copied otherwise. It cannot be a
 * symlink: Turbopack refuses to resolve `next` through a link that leaves the project root.
 */
export function copyProject(label: string, source = process.cwd()): ProjectCopy {
  const dir = mkdtempSync(path.join(os.tmpdir(), `hpp-e2e-${label}-`));
  cpSync(source, dir, {
    recursive: true,
    filter: (from) => {
      const relative = path.relative(source, from);
      if (relative === "") return true;
      const [top] = relative.split(path.sep);
      return !LEFT_OUT.has(top!) && !/^\.env.*\.local$/.test(top!) && !relative.endsWith(".tsbuildinfo");
    },
  });
  const modules = path.join(source, "node_modules");
  const linked = spawnSync("cp", ["-al", modules, path.join(dir, "node_modules")], { stdio: "ignore" });
  if (linked.status !== 0) {
    rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
    cpSync(modules, path.join(dir, "node_modules"), { recursive: true, verbatimSymlinks: true });
  }
  return {
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}
