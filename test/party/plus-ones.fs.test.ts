import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import { definePlusOnesSuite } from "./plus-ones-suite";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

definePlusOnesSuite("the fs store", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-plus-ones-fs-"));
  dirs.push(dir);
  return createFsStore(dir);
});
