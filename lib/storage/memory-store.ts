import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { KeyedMutex } from "./mutex";
import { assertValidKey, forEachListedValue, type AppStore } from "./types";

/** In-process store for tests: the same semantics as the others, nothing persisted. */
export function createMemoryStore(): AppStore {
  const storage = createStorage({ driver: memoryDriver() });
  const sets = new Map<string, Set<string>>();
  const mutex = new KeyedMutex();
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
