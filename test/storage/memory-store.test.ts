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

describe("memory store commit", () => {
  it("applies every write when the guards hold, and none when one fails", async () => {
    const store = createMemoryStore();
    await store.set("things:a", { version: 1, name: "a" });
    const applied = await store.commit({
      guards: [
        { kind: "version", key: "things:a", version: 1 },
        { kind: "absent", key: "things:b" },
      ],
      writes: [
        { op: "replace", key: "things:a", value: { version: 2, name: "a2" } },
        { op: "set", key: "things:b", value: { version: 1, name: "b" } },
        { op: "setAdd", key: "thing-index:x", member: "b" },
      ],
    });
    assert.deepEqual(applied, { ok: true });
    assert.deepEqual(await store.getMany(["things:a", "things:b", "things:c"]), [
      { version: 2, name: "a2" },
      { version: 1, name: "b" },
      null,
    ]);
    assert.deepEqual(await store.readIndex("thing-index:x", "things"), [
      { member: "b", value: { version: 1, name: "b" } },
    ]);

    const refused = await store.commit({
      guards: [{ kind: "version", key: "things:a", version: 1 }],
      writes: [
        { op: "remove", key: "things:b" },
        { op: "setRemove", key: "thing-index:x", member: "b" },
      ],
    });
    assert.deepEqual(refused, { ok: false, conflict: { key: "things:a", kind: "version" } });
    assert.deepEqual(await store.get("things:b"), { version: 1, name: "b" }, "nothing written");
    assert.deepEqual(await store.setMembers("thing-index:x"), ["b"]);

    const missing = await store.commit({
      writes: [
        { op: "replace", key: "things:zzz", value: 1 },
        { op: "set", key: "things:c", value: 1 },
      ],
    });
    assert.deepEqual(missing, { ok: false, conflict: { key: "things:zzz", kind: "present" } });
    assert.equal(await store.get("things:c"), null);
    await store.close();
  });

  it("lets exactly one of many concurrent commits guarded on the same version win", async () => {
    const store = createMemoryStore();
    await store.set("things:a", { version: 1 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.commit({
          guards: [{ kind: "version", key: "things:a", version: 1 }],
          writes: [{ op: "set", key: "things:a", value: { version: 2, by: i } }],
        }),
      ),
    );
    assert.equal(results.filter((r) => r.ok).length, 1);
    await store.close();
  });
});
