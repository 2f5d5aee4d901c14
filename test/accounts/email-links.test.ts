import { emailLinksSuite } from "./email-links.suite";
import { fsStoreFactory, memoryStoreFactory } from "./support";

emailLinksSuite("the memory store", memoryStoreFactory);
emailLinksSuite("the fs store", fsStoreFactory);
