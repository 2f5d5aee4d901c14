import { createHash, randomBytes } from "node:crypto";

/** 256 random bits; the cookie carries it sealed, the store only ever sees its hash. */
export function generateSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The store key: a stolen copy of the store holds no token that could be replayed as a cookie. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
