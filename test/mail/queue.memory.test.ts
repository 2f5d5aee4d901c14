import { createMemoryStore } from "../../lib/storage/memory-store";
import { defineMailQueueSuite } from "./queue-suite";

// One memory store is one process: the "second instance" is the same store object.
defineMailQueueSuite(
  "the memory store",
  () => createMemoryStore(),
  (store) => store,
);
