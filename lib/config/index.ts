import "server-only";

// The configuration: the environment parsed once by one zod schema (env.ts), the session secrets derived
// from it (secrets.ts), and the development secret file (dev-secret.ts).

export * from "./env";
export { ConfigError } from "./error";
export { getSessionSecrets, parseSessionSecrets, type SessionSecrets } from "./secrets";
import { resetParsedConfigForTests } from "./env";
import { resetSecretsForTests } from "./secrets";
export { DEV_SECRET_FILE, loadOrCreateDevSecret } from "./dev-secret";

/** For tests and CLIs that switch environments inside one process. */
export function resetConfigForTests(): void {
  resetParsedConfigForTests();
  resetSecretsForTests();
}
