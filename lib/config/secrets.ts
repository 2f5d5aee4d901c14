import "server-only";
import { createHash } from "node:crypto";
import { loadOrCreateDevSecret } from "./dev-secret";
import { getConfig } from "./env";
import { ConfigError } from "./error";

// Session secrets: SESSION_SECRET (from the parsed config) to iron-session's password maps.

export interface SessionSecrets {
  /** iron-session password map holding only the newest secret: it seals. */
  seal: Record<number, string>;
  /** Every configured secret: any of them unseals, so rotation logs nobody out. */
  unseal: Record<number, string>;
  /** Where the secret came from, for the start-up log line. */
  source: "SESSION_SECRET" | "generated";
}

export const MIN_SECRET_LENGTH = 32;

/** A stable numeric id per secret, so a seal names the secret that made it whatever the list order. */
function secretId(secret: string): number {
  return parseInt(createHash("sha256").update(secret).digest("hex").slice(0, 8), 16);
}

export function parseSessionSecrets(value: string): Omit<SessionSecrets, "source"> {
  const secrets = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (secrets.length === 0) throw new ConfigError("SESSION_SECRET is empty");
  secrets.forEach((secret, index) => {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        `SESSION_SECRET${secrets.length > 1 ? ` (entry ${index + 1})` : ""} must be at least ${MIN_SECRET_LENGTH} characters. ` +
          `Make one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`,
      );
    }
  });
  const newest = secrets[0]!;
  const unseal: Record<number, string> = {};
  for (const secret of secrets) unseal[secretId(secret)] = secret;
  return { seal: { [secretId(newest)]: newest }, unseal };
}

let cachedSecrets: SessionSecrets | undefined;

export function getSessionSecrets(): SessionSecrets {
  if (cachedSecrets) return cachedSecrets;
  const config = getConfig();
  const raw = config.sessionSecret;
  if (raw) {
    cachedSecrets = { ...parseSessionSecrets(raw), source: "SESSION_SECRET" };
  } else if (config.isProduction) {
    throw new ConfigError(
      "SESSION_SECRET is required in production (32+ characters; several, comma-separated, newest first, to rotate). " +
        `Make one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`,
    );
  } else {
    const secret = loadOrCreateDevSecret(process.cwd());
    // Next loaded .env.local before the secret existed; later starts read it from there.
    process.env.SESSION_SECRET = secret;
    cachedSecrets = { ...parseSessionSecrets(secret), source: "generated" };
  }
  return cachedSecrets;
}

export function resetSecretsForTests(): void {
  cachedSecrets = undefined;
}
