import { emailUniquenessSuite } from "./signup-race.suite";
import { fsStoreFactory, memoryStoreFactory } from "./support";

emailUniquenessSuite("the memory store", memoryStoreFactory);
emailUniquenessSuite("the fs store", fsStoreFactory);
