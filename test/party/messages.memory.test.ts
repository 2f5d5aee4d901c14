import { createMemoryStore } from "../../lib/storage/memory-store";
import { defineMessagesSuite } from "./messages-suite";

defineMessagesSuite("the memory store", () => createMemoryStore());
