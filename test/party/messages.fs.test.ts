import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import { defineMessagesSuite } from "./messages-suite";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const dirOf = new WeakMap<object, string>();
defineMessagesSuite(
  "the fs store",
  () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-messages-fs-"));
    dirs.push(dir);
    const store = createFsStore(dir);
    dirOf.set(store, dir);
    return store;
  },
  // A second store object over the same directory: what a second process sees.
  (store) => createFsStore(dirOf.get(store)!),
);
