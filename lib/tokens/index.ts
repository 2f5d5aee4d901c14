import { createHash, randomBytes } from "node:crypto";

/**
 * The bearer tokens of this app (session, password-reset and RSVP tokens) are one kind: 256 random bits in
 * base64url, shown to their holder once, stored only as a SHA-256 hash, so a stolen copy of the store holds no
 * token that could be replayed.
 */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What generateToken() gives: 43 base64url characters. Anything else is refused before a store read. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The stored form of a token: its SHA-256 in hex. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
