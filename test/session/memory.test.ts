import { createMemoryStore } from "../../lib/storage/memory-store";
import { defineSessionSuite } from "./session-suite";

defineSessionSuite("memory", async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
});
