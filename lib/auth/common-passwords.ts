import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The 1,000 most common passwords (lower-cased, one per line), compiled from the well-known public lists
 * (SecLists' top passwords, RockYou). Shipped as a data file next to this module; next.config.mjs lists it in
 * outputFileTracingIncludes so that a traced deployment (Vercel, `output: "standalone"`) carries it too.
 */
let cached: ReadonlySet<string> | undefined;

export function loadCommonPasswords(): ReadonlySet<string> {
  // A literal path under the project, so the bundler's file tracing picks exactly this file.
  const words = readFileSync(path.join(process.cwd(), "lib", "auth", "common-passwords.txt"), "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line.length > 0);
  return new Set(words);
}

function commonPasswords(): ReadonlySet<string> {
  cached ??= loadCommonPasswords();
  return cached;
}

/**
 * Case-insensitive, and also catches a common password with surrounding spaces, so "Password123" and
 * " password123 " are refused like "password123".
 */
export function isCommonPassword(password: string): boolean {
  const set = commonPasswords();
  const lowered = password.toLowerCase();
  return set.has(lowered) || set.has(lowered.trim());
}
