import { getConfig } from "../config";
import { createBcryptPool, defaultBcryptPoolSize, type BcryptPool } from "./bcrypt-pool";

export { BcryptWorkerError } from "./bcrypt-pool";

export const BCRYPT_COST = 12;
export const MAX_PASSWORD_BYTES = 72;

/**
 * A bcrypt hash (cost 12) of a random string nobody knows. Logins for unknown emails compare against it, so
 * they take as long as logins for known ones and response time does not reveal which emails exist.
 */
const DUMMY_HASH = "$2b$12$9GEEOY/FVM.6gS3ZY0KrSOGjmBCgBerVj8a98gO0KAIAuH748JfmS";

const holder = globalThis as typeof globalThis & { __hppBcryptPool?: BcryptPool };

/**
 * The process-wide pool (kept on globalThis so that dev-server module reloads reuse its threads). Sized by
 * BCRYPT_WORKERS, else one worker per core, at most 4.
 */
export function getBcryptPool(): BcryptPool {
  holder.__hppBcryptPool ??= createBcryptPool({ size: getConfig().bcryptWorkers ?? defaultBcryptPoolSize() });
  return holder.__hppBcryptPool;
}

/** Swaps the process-wide pool (tests); undefined makes the next call create the default one again. */
export function setBcryptPoolForTests(pool: BcryptPool | undefined): void {
  holder.__hppBcryptPool = pool;
}

/** bcrypt ignores everything past 72 bytes; such passwords are refused rather than silently truncated. */
export function passwordTooLong(password: string): boolean {
  return Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES;
}

/**
 * Hash and compare run in a worker thread (lib/auth/bcrypt-pool.ts): ~250 ms of CPU at cost 12 that would
 * otherwise stall every other request. Both reject with BcryptWorkerError if the worker dies meanwhile.
 */
export async function hashPassword(password: string): Promise<string> {
  if (passwordTooLong(password)) throw new Error(`Passwords are limited to ${MAX_PASSWORD_BYTES} bytes`);
  return getBcryptPool().hash(password, BCRYPT_COST);
}

/** Compares with the stored hash, or with a dummy hash of the same cost when there is none. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (passwordTooLong(password)) {
    // Still spend the time of a comparison: the refusal must not be faster than a wrong password.
    await getBcryptPool().compare("x", DUMMY_HASH);
    return false;
  }
  const matches = await getBcryptPool().compare(password, hash ?? DUMMY_HASH);
  return hash !== null && matches;
}
