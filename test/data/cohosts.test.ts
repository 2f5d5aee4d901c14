import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { defineCohostSuite } from "./cohosts-suite";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

defineCohostSuite("the memory store", () => createMemoryStore());
defineCohostSuite("the fs store", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-cohosts-fs-"));
  dirs.push(dir);
  return createFsStore(dir);
});
