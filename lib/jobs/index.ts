import "server-only";
export { sendQueuedMailSoon } from "./runtime";
export { tickNow } from "./runtime";
export { unsubscribeSecrets } from "./runtime";
