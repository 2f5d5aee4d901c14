import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { defineSeedSuite } from "./seed-suite";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

defineSeedSuite("the memory store", () => createMemoryStore());
defineSeedSuite("the fs store", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-party-seed-"));
  dirs.push(dir);
  return createFsStore(dir);
});
