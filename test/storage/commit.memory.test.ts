import { createMemoryStore } from "../../lib/storage/memory-store";
import { defineCommitSuite } from "./commit-suite";

// The memory store is one process's map: its "second instance" is the same store.
defineCommitSuite("memory", async () => {
  const store = createMemoryStore();
  return { store, second: () => store, snapshotReads: true, cleanup: () => store.close() };
});
