import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { AppStore } from "../storage/types";

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

/**
 * Reads one record and validates it. A record that does not match its schema (hand-edited, written by a
 * newer version, or torn by a bug) is reported and treated as absent rather than crashing the page.
 */
export async function readRecord<T>(store: AppStore, key: string, schema: z.ZodType<T>): Promise<T | null> {
  const raw = await store.get(key);
  if (raw === null || raw === undefined) return null;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    console.error(`[data] ignoring an invalid ${key.split(":")[0]} record: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return null;
  }
  return parsed.data;
}

/** Reads many records at once, dropping the missing and the invalid. */
export async function readRecords<T>(store: AppStore, keys: string[], schema: z.ZodType<T>): Promise<T[]> {
  const records = await Promise.all(keys.map((key) => readRecord(store, key, schema)));
  const found: T[] = [];
  for (const record of records) if (record !== null) found.push(record as T);
  return found;
}

export type Result<T, R extends string = "not-found"> = { ok: true; value: T } | { ok: false; reason: R; message?: string };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <R extends string>(reason: R, message?: string): { ok: false; reason: R; message?: string } => ({
  ok: false,
  reason,
  message,
});
