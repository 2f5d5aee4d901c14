import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { defineRulesSuite } from "./rules-suite";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

defineRulesSuite("the memory store", () => createMemoryStore());
defineRulesSuite("the fs store", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-rules-fs-"));
  dirs.push(dir);
  return createFsStore(dir);
});
