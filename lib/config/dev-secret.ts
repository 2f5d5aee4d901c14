import "server-only";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

// The development secret file: a missing SESSION_SECRET generated once into .env.local.

/** As secrets.ts requires; repeated here so this file stands alone (it runs before the config exists). */
const MIN_SECRET_LENGTH = 32;

export const DEV_SECRET_FILE = ".env.local";

function readEnvFileSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  let found: string | undefined;
  // Last one wins, as in the dotenv parser Next uses to load this file.
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?SESSION_SECRET\s*=\s*(.*)$/.exec(line);
    if (match) found = match[1]!.trim().replace(/^(['"])(.*)\1$/, "$2");
  }
  return found && found.length >= MIN_SECRET_LENGTH ? found : undefined;
}

/**
 * In development a missing SESSION_SECRET is generated once and appended to `.env.local`, which Next loads
 * on every start (dev and `next start`): a fresh clone works with zero setup and sessions survive restarts.
 * Check-and-append runs under a lock directory so that the seed script and the dev server, racing on a
 * fresh clone, end up with one secret.
 */
export function loadOrCreateDevSecret(projectDir: string): string {
  const file = path.join(projectDir, DEV_SECRET_FILE);
  const existing = readEnvFileSecret(file);
  if (existing) return existing;
  const lock = `${file}.lock`;
  // The critical section takes milliseconds: a lock older than this was left by a crashed process. Judged by
  // the lock's own age, not by how long we waited, so a live holder is never robbed of it.
  const staleAfterMs = 10_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let age: number;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > staleAfterMs) {
        try {
          rmdirSync(lock);
        } catch {
          // another waiter removed it first
        }
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  try {
    const raced = readEnvFileSecret(file);
    if (raced) return raced;
    const secret = randomBytes(32).toString("base64url");
    const current = (() => {
      try {
        return readFileSync(file, "utf8");
      } catch {
        return "";
      }
    })();
    const separator = current.length > 0 && !current.endsWith("\n") ? "\n" : "";
    appendFileSync(
      file,
      `${separator}# Generated on first run for development. Keep it stable: a new secret signs everyone out.\n` +
        `SESSION_SECRET=${secret}\n`,
      { mode: 0o600 },
    );
    console.info(`[session] SESSION_SECRET was not set: generated one for development and saved it in ${file}`);
    return secret;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
