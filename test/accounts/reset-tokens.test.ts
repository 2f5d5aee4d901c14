import { resetSuite } from "./reset-tokens.suite";
import { fsStoreFactory, memoryStoreFactory } from "./support";

resetSuite("the memory store", memoryStoreFactory);
resetSuite("the fs store", fsStoreFactory);
