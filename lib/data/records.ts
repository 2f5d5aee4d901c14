import { randomBytes } from "node:crypto";
import { z } from "zod";

/** Ids are 96 random bits from the CSPRNG, base64url: unguessable, and safe as a store key segment. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export const idSchema = z.string().regex(ID_PATTERN);

export function newId(): string {
  return randomBytes(12).toString("base64url");
}

export function isId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

export const timestampSchema = z.number().int().nonnegative();

/** Every record's optimistic-concurrency counter: 1 when created, one up with every commit that changes it. */
export const versionSchema = z.number().int().positive();

// One result type for the whole app (lib/errors); repositories use it through here.
export { fail, ok, type Result } from "../errors";
