import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { copyLegacyDir, loadLegacyInto } from "./legacy-fixture";
import { defineMigrationSuite } from "./migration-suite";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

defineMigrationSuite("the fs store (the fixture's own files)", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-migrate-fs-"));
  dirs.push(dir);
  copyLegacyDir(dir);
  return createFsStore(dir);
});

defineMigrationSuite("the memory store", async () => {
  const store = createMemoryStore();
  await loadLegacyInto(store);
  return store;
});
