/**
 * lib/security: response headers (CSP), the plain error pages proxy.ts answers with, origin checks and the
 * request's client address. The one entry point for app/ and proxy.ts (eslint.config.mjs enforces it).
 */
export { buildContentSecurityPolicy, generateNonce } from "./csp";
export {
  ALLOWED_METHODS,
  BAD_REQUEST,
  errorPageHtml,
  METHOD_NOT_ALLOWED,
  PAYLOAD_TOO_LARGE,
  type ErrorPage,
} from "./error-page";
export { isSameOriginRequest, publicOrigin } from "./origin";
export { requestInfo, requestOrigin } from "./request";
