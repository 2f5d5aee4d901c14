import { createMemoryStore } from "../../lib/storage/memory-store";
import { definePlusOnesSuite } from "./plus-ones-suite";

definePlusOnesSuite("the memory store", () => createMemoryStore());
