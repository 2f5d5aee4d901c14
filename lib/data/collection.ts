import type { z } from "zod";
import type { AppStore } from "../storage/types";
import { isId } from "./records";

/**
 * One declaration per kind of record: where it lives, what it must look like, who owns it, which sets index
 * it and which keys must stay unique. Everything else (reads, the writes of a commit, the consistency check,
 * the migration) is derived from these declarations, never written again per repository.
 *
 * Layout: a record is the value at `<namespace>:<id>` (two segments, so every store can walk a namespace) and
 * carries a `version` that every commit changing it bumps. An index is a set `<set>:<owner id>` whose members
 * are record ids. A unique key is a pointer `<namespace>:<value>` holding `{ <field>: <record id> }`, written
 * and removed in the same commit as its record, and guarded absent when claimed.
 */

export interface Versioned {
  version: number;
}

export interface IndexSpec<T> {
  /** The set key's namespace: the set of owner `o` is `<set>:<o>`. */
  set: string;
  /** The owner ids whose set lists this record (usually one). */
  owners(record: T): readonly string[];
}

export interface UniqueSpec<T> {
  namespace: string;
  /** The unique value (a key segment), or null when this record claims none right now. */
  value(record: T): string | null;
  /** The pointer's field naming the record, e.g. "invitationId". */
  field: string;
}

export interface RecordSpec<T extends Versioned> {
  namespace: string;
  /** What a human calls one record, for messages ("invitation"). */
  label: string;
  schema: z.ZodType<T>;
  id(record: T): string;
  /** The organizers who may see and change it. */
  owners(record: T): readonly string[];
  indexes: readonly IndexSpec<T>[];
  unique: readonly UniqueSpec<T>[];
  /**
   * Records that must exist while this one does (its parents), as store keys. A record whose parent is gone is
   * an orphan: the consistency check reports it and `repair` removes it.
   */
  parents(record: T): readonly string[];
}

export function defineRecord<T extends Versioned>(spec: RecordSpec<T>): RecordSpec<T> {
  return spec;
}

export function recordKey<T extends Versioned>(spec: RecordSpec<T>, id: string): string {
  return `${spec.namespace}:${id}`;
}

export function keyOf<T extends Versioned>(spec: RecordSpec<T>, record: T): string {
  return recordKey(spec, spec.id(record));
}

export function uniqueKey<T extends Versioned>(unique: UniqueSpec<T>, value: string): string {
  return `${unique.namespace}:${value}`;
}

export function indexKeys<T extends Versioned>(spec: RecordSpec<T>, record: T): string[] {
  return spec.indexes.flatMap((index) => index.owners(record).map((owner) => `${index.set}:${owner}`));
}

/**
 * Validates a stored value. One that does not match its schema (hand-edited, torn by a bug, or written by
 * another version) is logged and treated as absent rather than crashing a page; `npm run data -- check`
 * reports it.
 */
export function parseRecord<T extends Versioned>(spec: RecordSpec<T>, key: string, raw: unknown): T | null {
  if (raw === null || raw === undefined) return null;
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    console.error(
      `[data] ignoring an invalid ${spec.label} record (${key}): ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
    return null;
  }
  return parsed.data;
}

export interface ReaderOptions {
  /** Awaited before every read (the app's data-version check); absent in tests. */
  ready?: () => Promise<void>;
}

/** Reads of one kind of record over one store: every list is one round trip, whatever its length. */
export class Collection<T extends Versioned> {
  constructor(
    readonly store: AppStore,
    readonly spec: RecordSpec<T>,
    private readonly options: ReaderOptions = {},
  ) {}

  private async ready(): Promise<void> {
    if (this.options.ready) await this.options.ready();
  }

  key(id: string): string {
    return recordKey(this.spec, id);
  }

  async get(id: string): Promise<T | null> {
    if (!isId(id)) return null;
    await this.ready();
    const key = this.key(id);
    const record = parseRecord(this.spec, key, await this.store.get(key));
    return record && this.spec.id(record) === id ? record : null;
  }

  /** The record if this organizer is one of its owners; someone else's id is simply "not found". */
  async getOwned(organizerId: string, id: string): Promise<T | null> {
    const record = await this.get(id);
    return record && this.spec.owners(record).includes(organizerId) ? record : null;
  }

  /** Many records in one round trip, by id (missing and invalid ones left out). */
  async getMany(ids: readonly string[]): Promise<Map<string, T>> {
    const unique = [...new Set(ids.filter(isId))];
    const found = new Map<string, T>();
    if (unique.length === 0) return found;
    await this.ready();
    const keys = unique.map((id) => this.key(id));
    const values = await this.store.getMany(keys);
    values.forEach((raw, i) => {
      const record = parseRecord(this.spec, keys[i]!, raw);
      if (record && this.spec.id(record) === unique[i]) found.set(unique[i], record);
    });
    return found;
  }

  /**
   * The records an index set lists, read with the set in one round trip. `set` may be another kind's index
   * when both share ids (responses are read through the invitations' sets). Entries whose record is missing,
   * invalid or no longer indexed there are left out (the check reports them).
   */
  async listBy(set: string, owner: string, options: { sharedWith?: RecordSpec<Versioned> } = {}): Promise<T[]> {
    if (!isId(owner)) return [];
    await this.ready();
    const setKey = `${set}:${owner}`;
    const entries = await this.store.readIndex(setKey, this.spec.namespace);
    const own = options.sharedWith === undefined;
    const records: T[] = [];
    for (const { member, value } of entries) {
      const record = parseRecord(this.spec, this.key(member), value);
      if (!record || this.spec.id(record) !== member) continue;
      if (own && !indexKeys(this.spec, record).includes(setKey)) continue;
      records.push(record);
    }
    return records;
  }

  /** The record a unique key points at (two round trips: the pointer, then the record). */
  async findUnique(namespace: string, value: string): Promise<T | null> {
    const unique = this.spec.unique.find((u) => u.namespace === namespace);
    if (!unique) throw new Error(`${this.spec.label} has no unique key ${namespace}`);
    await this.ready();
    const pointer = (await this.store.get(uniqueKey(unique, value))) as Record<string, unknown> | null;
    const id = pointer?.[unique.field];
    if (typeof id !== "string") return null;
    const record = await this.get(id);
    return record && unique.value(record) === value ? record : null;
  }
}
