import { sessionControlSuite } from "./session-control.suite";
import { fsStoreFactory, memoryStoreFactory } from "./support";

sessionControlSuite("the memory store", memoryStoreFactory);
sessionControlSuite("the fs store", fsStoreFactory);
