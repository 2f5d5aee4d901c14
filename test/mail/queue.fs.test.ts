import { createFsStore } from "../../lib/storage/fs-store";
import { defineMailQueueSuite } from "./queue-suite";
import { tempDir } from "./support";

const dirs = new WeakMap<object, string>();
defineMailQueueSuite(
  "the fs store",
  () => {
    const dir = tempDir("fs");
    const store = createFsStore(dir);
    dirs.set(store, dir);
    return store;
  },
  // A second store object over the same directory: what a second process sees.
  (store) => createFsStore(dirs.get(store)!),
);
