// Session tokens are the app's one kind of token (lib/tokens); these names say which use is meant.
export {
  generateToken as generateSessionToken,
  hashToken as hashSessionToken,
  TOKEN_PATTERN as SESSION_TOKEN_PATTERN,
} from "../tokens";
