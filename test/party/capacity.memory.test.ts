import { createMemoryStore } from "../../lib/storage/memory-store";
import { defineCapacitySuite } from "./capacity-suite";

defineCapacitySuite("the memory store", () => createMemoryStore());
