import bcrypt from "bcryptjs";

export const BCRYPT_COST = 12;
export const MAX_PASSWORD_BYTES = 72;

/**
 * A bcrypt hash (cost 12) of a random string nobody knows. Logins for unknown emails compare against it, so
 * they take as long as logins for known ones and response time does not reveal which emails exist.
 */
const DUMMY_HASH = "$2b$12$9GEEOY/FVM.6gS3ZY0KrSOGjmBCgBerVj8a98gO0KAIAuH748JfmS";

/** bcrypt ignores everything past 72 bytes; such passwords are refused rather than silently truncated. */
export function passwordTooLong(password: string): boolean {
  return Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES;
}

export async function hashPassword(password: string): Promise<string> {
  if (passwordTooLong(password)) throw new Error(`Passwords are limited to ${MAX_PASSWORD_BYTES} bytes`);
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Compares with the stored hash, or with a dummy hash of the same cost when there is none. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (passwordTooLong(password)) {
    // Still spend the time of a comparison: the refusal must not be faster than a wrong password.
    await bcrypt.compare("x", DUMMY_HASH);
    return false;
  }
  const matches = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return hash !== null && matches;
}
