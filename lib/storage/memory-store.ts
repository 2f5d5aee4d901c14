import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { KeyedMutex } from "./mutex";
import {
  assertValidCommit,
  assertValidKey,
  counterTtlMs,
  forEachListedValue,
  liveCounter,
  nextCounter,
  guardHolds,
  guardsOf,
  type AppStore,
  type CommitResult,
} from "./types";

/** In-process store for tests: the same semantics as the others, nothing persisted. */
export function createMemoryStore(): AppStore {
  const storage = createStorage({ driver: memoryDriver() });
  const sets = new Map<string, Set<string>>();
  const mutex = new KeyedMutex();
  /** Holds every given key's mutex (taken in sorted order, so two commits never deadlock) while fn runs. */
  const withKeys = <T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> =>
    [...new Set(keys)].sort().reduceRight<() => Promise<T>>((inner, key) => () => mutex.run(key, inner), fn)();
  const getValue = async (key: string) => (await storage.getItem(key)) ?? null;
  const listKeys = async (namespace: string): Promise<string[]> =>
    (await storage.getKeys(namespace)).filter((k) => k.startsWith(`${namespace}:`));
  return {
    kind: "memory",
    description: "memory (this process only)",
    async get(key) {
      assertValidKey(key);
      return (await storage.getItem(key)) ?? null;
    },
    async set(key, value) {
      assertValidKey(key);
      await mutex.run(key, () => storage.setItem(key, value as never));
    },
    async replace(key, value) {
      assertValidKey(key);
      return mutex.run(key, async () => {
        if (!(await storage.hasItem(key))) return false;
        await storage.setItem(key, value as never);
        return true;
      });
    },
    async add(key, value) {
      assertValidKey(key);
      return mutex.run(key, async () => {
        if (await storage.hasItem(key)) return false;
        await storage.setItem(key, value as never);
        return true;
      });
    },
    async remove(key) {
      assertValidKey(key);
      await mutex.run(key, () => storage.removeItem(key));
    },
    async take(key) {
      assertValidKey(key);
      return mutex.run(key, async () => {
        const value = (await storage.getItem(key)) ?? null;
        if (value !== null) await storage.removeItem(key);
        return value;
      });
    },
    async incrementCounter(key, options) {
      assertValidKey(key);
      const ttlMs = counterTtlMs(options);
      return mutex.run(key, async () => {
        const next = nextCounter(await storage.getItem(key), ttlMs);
        await storage.setItem(key, next as never);
        return next.count;
      });
    },
    async getCounter(key) {
      assertValidKey(key);
      return liveCounter(await storage.getItem(key), Date.now())?.count ?? 0;
    },
    async setAdd(setKey, member) {
      assertValidKey(setKey);
      let set = sets.get(setKey);
      if (!set) sets.set(setKey, (set = new Set()));
      set.add(member);
    },
    async setRemove(setKey, member) {
      assertValidKey(setKey);
      sets.get(setKey)?.delete(member);
    },
    async setMembers(setKey) {
      assertValidKey(setKey);
      return [...(sets.get(setKey) ?? [])];
    },
    async getMany(keys) {
      keys.forEach(assertValidKey);
      return Promise.all(keys.map(getValue));
    },
    async readIndex(setKey, namespace) {
      assertValidKey(setKey);
      assertValidKey(`${namespace}:x`);
      const members = [...(sets.get(setKey) ?? [])];
      return Promise.all(members.map(async (member) => ({ member, value: await getValue(`${namespace}:${member}`) })));
    },
    async commit(request) {
      assertValidCommit(request);
      const guards = guardsOf(request);
      const valueKeys = request.writes.filter((w) => w.op !== "setAdd" && w.op !== "setRemove").map((w) => w.key);
      return withKeys([...guards.map((g) => g.key), ...valueKeys], async (): Promise<CommitResult> => {
        for (const guard of guards) {
          if (!guardHolds(guard, await getValue(guard.key)))
            return { ok: false, conflict: { key: guard.key, kind: guard.kind } };
        }
        // No await until every write is made: unstorage calls the memory driver synchronously inside
        // setItem/removeItem, so the whole commit lands in one tick and a reader (getMany, readIndex, which read
        // every key in one tick too) sees all of it or none, as on Redis.
        const applied: Promise<unknown>[] = [];
        for (const write of request.writes) {
          switch (write.op) {
            case "set":
            case "replace":
              applied.push(storage.setItem(write.key, write.value as never));
              break;
            case "remove":
              applied.push(storage.removeItem(write.key));
              break;
            case "setAdd": {
              let set = sets.get(write.key);
              if (!set) sets.set(write.key, (set = new Set()));
              set.add(write.member);
              break;
            }
            case "setRemove":
              sets.get(write.key)?.delete(write.member);
              break;
          }
        }
        await Promise.all(applied);
        return { ok: true };
      });
    },
    withLock(name, fn) {
      return mutex.run(`lock:${name}`, fn);
    },
    listKeys,
    async forEachValue(namespace, visit, options = {}) {
      const keys = await listKeys(namespace);
      const readBatch = (batch: string[]) => Promise.all(batch.map((key) => storage.getItemRaw(key)));
      return forEachListedValue(keys, readBatch, visit, options);
    },
    async ping() {},
    async close() {
      await storage.dispose();
    },
  };
}
