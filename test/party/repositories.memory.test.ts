import { createMemoryStore } from "../../lib/storage/memory-store";
import { definePartyRepositorySuite } from "./repository-suite";

definePartyRepositorySuite("the memory store", () => createMemoryStore());
