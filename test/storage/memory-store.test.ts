import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryStore } from "../../lib/storage/memory-store";

describe("memory store", () => {
  it("rejects malformed keys as a rejected promise from every method", async () => {
    const store = createMemoryStore();
    for (const key of ["..", "sessions:..", "sessions:a/b", "no-namespace", "sessions:", "sessions:a b"]) {
      await assert.rejects(store.get(key), /Invalid store key/, `get ${key}`);
      await assert.rejects(store.set(key, 1), /Invalid store key/, `set ${key}`);
      await assert.rejects(store.add(key, 1), /Invalid store key/, `add ${key}`);
      await assert.rejects(store.replace(key, 1), /Invalid store key/, `replace ${key}`);
      await assert.rejects(store.remove(key), /Invalid store key/, `remove ${key}`);
      await assert.rejects(store.take(key), /Invalid store key/, `take ${key}`);
      await assert.rejects(store.setAdd(key, "m"), /Invalid store key/, `setAdd ${key}`);
    }
    await store.close();
  });

  it("add() has exactly one winner and take() exactly one taker among concurrent callers", async () => {
    const store = createMemoryStore();
    const added = await Promise.all(Array.from({ length: 20 }, (_, i) => store.add("claims:x", { i })));
    assert.equal(added.filter(Boolean).length, 1);
    assert.deepEqual(await store.get("claims:x"), { i: added.indexOf(true) });
    const taken = await Promise.all(Array.from({ length: 20 }, () => store.take("claims:x")));
    assert.equal(taken.filter((v) => v !== null).length, 1);
    assert.equal(await store.get("claims:x"), null);
    assert.equal(await store.replace("claims:x", 1), false, "replace never creates");
    await store.close();
  });

  it("forEachValue visits every value of one namespace with its serialised size", async () => {
    const store = createMemoryStore();
    await store.set("walk:a", { name: "Ünïcödé ✓" });
    await store.set("walk:b", "123");
    await store.set("walk-other:c", 3);
    const seen = new Map<string, { value: unknown; bytes: number }>();
    assert.equal(await store.forEachValue("walk", ({ key, value, bytes }) => void seen.set(key, { value, bytes })), 2);
    assert.deepEqual(Object.fromEntries(seen), {
      "walk:a": { value: { name: "Ünïcödé ✓" }, bytes: Buffer.byteLength(JSON.stringify({ name: "Ünïcödé ✓" })) },
      "walk:b": { value: 123, bytes: 3 },
    });
    await store.close();
  });
});
