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
});
