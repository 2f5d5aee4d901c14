import { mkdtempSync, promises as fsp, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { createFsStore } from "../../lib/storage/fs-store";
import type { AppStore } from "../../lib/storage/types";
import { defineCommitSuite } from "./commit-suite";

const root = mkdtempSync(path.join(os.tmpdir(), "hpp-unit-fs-commit-"));
let counter = 0;
after(() => rmSync(root, { recursive: true, force: true }));

defineCommitSuite(
  "fs",
  async () => {
    const dir = path.join(root, `store-${++counter}`);
    await fsp.mkdir(dir);
    const stores: AppStore[] = [createFsStore(dir)];
    return {
      store: stores[0]!,
      // A second store instance on the same DATA_DIR: its own locks and journal handling, as another process.
      second: () => {
        const store = createFsStore(dir);
        stores.push(store);
        return store;
      },
      // Each key changes atomically, but a reader can see a commit half applied (see AppStore.commit).
      snapshotReads: false,
      cleanup: async () => {
        await Promise.all(stores.map((s) => s.close()));
        await fsp.rm(dir, { recursive: true, force: true });
      },
    };
  },
  {
    // A DATA_DIR that is a file: the store cannot be used at all.
    unreachable: async () => {
      const file = path.join(root, `not-a-dir-${++counter}`);
      await fsp.writeFile(file, "I am a file");
      return createFsStore(file);
    },
  },
);
