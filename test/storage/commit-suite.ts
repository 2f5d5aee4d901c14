import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { StoreUnavailableError } from "../../lib/errors";
import { type AppStore, type CommitRequest, type CommitResult, type CommitWrite } from "../../lib/storage/types";

/**
 * The contract of AppStore.commit, getMany and readIndex, declared once and run on every store (memory, fs,
 * Redis through ioredis, Upstash through the REST shim), as test/session/session-suite.ts is for sessions.
 */
export interface CommitHarness {
  /** The store under test (fresh data for each test). */
  store: AppStore;
  /** Another instance on the same data: another process's connection or file handles. */
  second(): AppStore;
  /** Milliseconds left on a key's native TTL; null when it has none. Only stores with native TTLs. */
  ttlMs?(key: string): Promise<number | null>;
  /** Whether getMany and readIndex read a snapshot (all of a commit or none of it), as on Redis and memory. */
  snapshotReads: boolean;
  cleanup(): Promise<void>;
}

export interface CommitSuiteOptions {
  /** A store of this kind whose backend cannot be reached (every store but memory has one to lose). */
  unreachable?: () => Promise<AppStore>;
}

const sorted = <T>(items: T[]): T[] => [...items].sort();

export function defineCommitSuite(
  label: string,
  makeHarness: () => Promise<CommitHarness>,
  options: CommitSuiteOptions = {},
): void {
  describe(`store commit, getMany, readIndex (${label})`, () => {
    let h: CommitHarness;
    let store: AppStore;

    beforeEach(async () => {
      h = await makeHarness();
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    /** Everything a commit in these tests may touch, to compare before and after. */
    async function snapshot(keys: string[], sets: string[]): Promise<unknown> {
      const values = await store.getMany(keys);
      const members = await Promise.all(sets.map(async (s) => sorted(await store.setMembers(s))));
      return { values, members };
    }

    async function seedState(): Promise<void> {
      assert.deepEqual(
        await store.commit({
          writes: [
            { op: "set", key: "things:a", value: { version: 1, name: "a" } },
            { op: "set", key: "things:b", value: { version: 3, name: "b" } },
            { op: "set", key: "notes:plain", value: "just a string" },
            { op: "setAdd", key: "thing-index:all", member: "a" },
            { op: "setAdd", key: "thing-index:all", member: "b" },
          ],
        }),
        { ok: true },
      );
    }
    const KEYS = ["things:a", "things:b", "things:c", "notes:plain"];
    const SETS = ["thing-index:all", "thing-index:other"];
    /** A commit touching every kind of write, so that "nothing written" covers each of them. */
    const everyWrite: CommitRequest["writes"] = [
      { op: "set", key: "things:c", value: { version: 1, name: "c" } },
      { op: "replace", key: "things:a", value: { version: 2, name: "a2" } },
      { op: "remove", key: "things:b" },
      { op: "setAdd", key: "thing-index:all", member: "c" },
      { op: "setRemove", key: "thing-index:all", member: "b" },
      { op: "setAdd", key: "thing-index:other", member: "a" },
    ];

    it("applies every write when every guard holds", async () => {
      await seedState();
      const result = await store.commit({
        guards: [
          { kind: "version", key: "things:a", version: 1 },
          { kind: "present", key: "things:b" },
          { kind: "absent", key: "things:c" },
        ],
        writes: everyWrite,
      });
      assert.deepEqual(result, { ok: true });
      assert.deepEqual(await store.getMany(KEYS), [
        { version: 2, name: "a2" },
        null,
        { version: 1, name: "c" },
        "just a string",
      ]);
      assert.deepEqual(sorted(await store.setMembers("thing-index:all")), ["a", "c"]);
      assert.deepEqual(await store.setMembers("thing-index:other"), ["a"]);
      // Another instance (another process) sees the same.
      const other = h.second();
      assert.deepEqual(await other.get("things:c"), { version: 1, name: "c" });
      assert.deepEqual(sorted(await other.setMembers("thing-index:all")), ["a", "c"]);
    });

    const failing: {
      what: string;
      guards: NonNullable<CommitRequest["guards"]>;
      conflict: { key: string; kind: string };
    }[] = [
      {
        what: "absent, on a key that exists",
        guards: [{ kind: "absent", key: "things:a" }],
        conflict: { key: "things:a", kind: "absent" },
      },
      {
        what: "present, on a key that does not",
        guards: [{ kind: "present", key: "things:zzz" }],
        conflict: { key: "things:zzz", kind: "present" },
      },
      {
        what: "version, with another version",
        guards: [{ kind: "version", key: "things:b", version: 2 }],
        conflict: { key: "things:b", kind: "version" },
      },
      {
        what: "version, on an absent key",
        guards: [{ kind: "version", key: "things:zzz", version: 1 }],
        conflict: { key: "things:zzz", kind: "version" },
      },
      {
        what: "version, on a value without one",
        guards: [{ kind: "version", key: "notes:plain", version: 1 }],
        conflict: { key: "notes:plain", kind: "version" },
      },
    ];
    for (const { what, guards, conflict } of failing) {
      it(`writes nothing when a guard fails: ${what}`, async () => {
        await seedState();
        const before = await snapshot(KEYS, SETS);
        // The failing guard comes last: the ones before it hold, and still nothing is written.
        const result = await store.commit({
          guards: [{ kind: "version", key: "things:a", version: 1 }, { kind: "present", key: "things:b" }, ...guards],
          writes: everyWrite,
        });
        assert.deepEqual(result, { ok: false, conflict });
        assert.deepEqual(await snapshot(KEYS, SETS), before, "nothing was written");
      });
    }

    it("treats replace of an absent key as a failed 'present' guard, and writes nothing", async () => {
      await seedState();
      const before = await snapshot(KEYS, SETS);
      const result = await store.commit({
        writes: [...everyWrite, { op: "replace", key: "things:gone", value: { version: 1 } }],
      });
      assert.deepEqual(result, { ok: false, conflict: { key: "things:gone", kind: "present" } });
      assert.deepEqual(await snapshot(KEYS, SETS), before);
    });

    it("reports the first guard that fails, explicit guards before replaces", async () => {
      await seedState();
      const result = await store.commit({
        guards: [
          { kind: "present", key: "things:a" },
          { kind: "version", key: "things:a", version: 9 },
          { kind: "absent", key: "things:b" },
        ],
        writes: [{ op: "replace", key: "things:none", value: { version: 1 } }],
      });
      assert.deepEqual(result, { ok: false, conflict: { key: "things:a", kind: "version" } });
      const second = await store.commit({
        guards: [{ kind: "present", key: "things:a" }],
        writes: [
          { op: "replace", key: "things:none", value: { version: 1 } },
          { op: "replace", key: "things:none2", value: { version: 1 } },
        ],
      });
      assert.deepEqual(second, { ok: false, conflict: { key: "things:none", kind: "present" } });
    });

    it("checks guards against the state before the commit, not against its own writes", async () => {
      const result = await store.commit({
        writes: [
          { op: "set", key: "things:new", value: { version: 1 } },
          { op: "replace", key: "things:new", value: { version: 2 } },
        ],
      });
      assert.deepEqual(result, { ok: false, conflict: { key: "things:new", kind: "present" } });
      assert.equal(await store.get("things:new"), null);
    });

    it("version guards: equal numbers only, and a chain of optimistic updates", async () => {
      await store.commit({ writes: [{ op: "set", key: "things:v", value: { version: 1, n: 0 } }] });
      for (const wrong of [0, 2, -1, 1.5]) {
        const result = await store.commit({
          guards: [{ kind: "version", key: "things:v", version: wrong }],
          writes: [{ op: "set", key: "things:v", value: { version: 99 } }],
        });
        assert.equal(result.ok, false, `version ${wrong}`);
      }
      await store.commit({ writes: [{ op: "set", key: "things:s", value: { version: "1" } }] });
      assert.equal(
        (await store.commit({ guards: [{ kind: "version", key: "things:s", version: 1 }], writes: [] })).ok,
        false,
        "a string is not the number",
      );
      await store.commit({ writes: [{ op: "set", key: "things:arr", value: [1, 2] }] });
      assert.equal(
        (await store.commit({ guards: [{ kind: "version", key: "things:arr", version: 1 }], writes: [] })).ok,
        false,
      );
      for (let version = 1; version <= 5; version++) {
        const result = await store.commit({
          guards: [{ kind: "version", key: "things:v", version }],
          writes: [{ op: "replace", key: "things:v", value: { version: version + 1, n: version } }],
        });
        assert.deepEqual(result, { ok: true }, `update from version ${version}`);
      }
      assert.deepEqual(await store.get("things:v"), { version: 6, n: 5 });
      assert.deepEqual(await store.commit({ guards: [{ kind: "version", key: "things:v", version: 6 }], writes: [] }), {
        ok: true,
      });
    });

    it("applies writes in order: a later write to the same key or member wins", async () => {
      await store.commit({
        writes: [
          { op: "set", key: "things:c", value: { v: "old" } },
          { op: "setAdd", key: "thing-index:x", member: "gone" },
        ],
      });
      const result = await store.commit({
        writes: [
          { op: "set", key: "things:a", value: { v: 1 } },
          { op: "set", key: "things:a", value: { v: 2 } },
          { op: "set", key: "things:b", value: { v: 1 } },
          { op: "remove", key: "things:b" },
          { op: "remove", key: "things:c" },
          { op: "set", key: "things:c", value: { v: "new" } },
          { op: "setAdd", key: "thing-index:x", member: "m1" },
          { op: "setRemove", key: "thing-index:x", member: "m1" },
          { op: "setRemove", key: "thing-index:x", member: "m2" },
          { op: "setAdd", key: "thing-index:x", member: "m2" },
          { op: "setRemove", key: "thing-index:x", member: "gone" },
          { op: "setAdd", key: "thing-index:x", member: "gone" },
          { op: "setRemove", key: "thing-index:x", member: "gone" },
        ],
      });
      assert.deepEqual(result, { ok: true });
      assert.deepEqual(await store.getMany(["things:a", "things:b", "things:c"]), [{ v: 2 }, null, { v: "new" }]);
      assert.deepEqual(await store.setMembers("thing-index:x"), ["m2"]);
    });

    it("round-trips values exactly: nested objects, unicode, strings, numbers, booleans", async () => {
      const values: Record<string, unknown> = {
        "misc:obj": { nested: { list: [1, "two", null, { deep: true }] }, text: 'Ünïcödé ✓ "quoted" \\ back' },
        "misc:text": "plain words",
        "misc:num": 42,
        "misc:zero": 0,
        "misc:false": false,
        "misc:empty": {},
        "misc:list": ["a", 1],
      };
      const result = await store.commit({
        writes: Object.entries(values).map(([key, value]) => ({ op: "set" as const, key, value })),
      });
      assert.deepEqual(result, { ok: true });
      assert.deepEqual(await store.getMany(Object.keys(values)), Object.values(values));
      for (const [key, value] of Object.entries(values)) assert.deepEqual(await store.get(key), value, key);
    });

    it("gives a set write its TTL and a later plain set clears it", async () => {
      const result = await store.commit({
        writes: [
          { op: "set", key: "things:ttl", value: { version: 1 }, ttlSeconds: 60 },
          { op: "set", key: "things:forever", value: { version: 1 } },
        ],
      });
      assert.deepEqual(result, { ok: true });
      assert.deepEqual(await store.get("things:ttl"), { version: 1 }, "readable while its TTL runs");
      if (h.ttlMs) {
        const ttl = await h.ttlMs("things:ttl");
        assert.ok(ttl !== null && ttl > 55_000 && ttl <= 60_000, `TTL ${ttl}`);
        assert.equal(await h.ttlMs("things:forever"), null);
        await store.commit({ writes: [{ op: "replace", key: "things:ttl", value: { version: 2 }, ttlSeconds: 5 }] });
        const shorter = await h.ttlMs("things:ttl");
        assert.ok(shorter !== null && shorter > 0 && shorter <= 5_000, `replace with a TTL: ${shorter}`);
        await store.commit({ writes: [{ op: "set", key: "things:ttl", value: { version: 3 } }] });
        assert.equal(await h.ttlMs("things:ttl"), null, "a set without ttlSeconds clears the TTL, as store.set does");
      }
    });

    it("keeps sets: idempotent adds, removing an absent member, readIndex with values and dangling entries", async () => {
      await store.commit({
        writes: [
          { op: "set", key: "items:i1", value: { version: 1, label: "one" } },
          { op: "set", key: "items:i2", value: { version: 1, label: "two" } },
          { op: "set", key: "other:i3", value: { version: 1 } },
          { op: "setAdd", key: "item-index:e1", member: "i1" },
          { op: "setAdd", key: "item-index:e1", member: "i1" },
          { op: "setAdd", key: "item-index:e1", member: "i2" },
          { op: "setAdd", key: "item-index:e1", member: "i3" },
          { op: "setRemove", key: "item-index:e1", member: "never-there" },
          { op: "setRemove", key: "item-index:nothing", member: "x" },
        ],
      });
      assert.deepEqual(sorted(await store.setMembers("item-index:e1")), ["i1", "i2", "i3"]);
      assert.deepEqual(await store.setMembers("item-index:nothing"), []);
      const entries = await store.readIndex("item-index:e1", "items");
      assert.deepEqual(
        [...entries].sort((a, b) => a.member.localeCompare(b.member)),
        [
          { member: "i1", value: { version: 1, label: "one" } },
          { member: "i2", value: { version: 1, label: "two" } },
          { member: "i3", value: null }, // items:i3 does not exist (other:i3 is another namespace)
        ],
      );
      assert.deepEqual(await store.readIndex("item-index:empty", "items"), []);
      // Single-key set operations and commits see the same sets.
      await store.setAdd("item-index:e1", "i4");
      await store.commit({ writes: [{ op: "setRemove", key: "item-index:e1", member: "i1" }] });
      assert.deepEqual(sorted(await store.setMembers("item-index:e1")), ["i2", "i3", "i4"]);
    });

    it("readIndex reads an index of a few hundred records whole", async () => {
      const writes: CommitWrite[] = [];
      for (let i = 0; i < 300; i++) {
        writes.push({ op: "set", key: `items:r${i}`, value: { version: 1, i } });
        writes.push({ op: "setAdd", key: "item-index:big", member: `r${i}` });
      }
      assert.deepEqual(await store.commit({ writes }), { ok: true });
      const entries = await store.readIndex("item-index:big", "items");
      assert.equal(entries.length, 300);
      for (const { member, value } of entries) assert.deepEqual(value, { version: 1, i: Number(member.slice(1)) });
    });

    it("getMany: values in the order asked, null where absent, duplicates answered twice, [] for []", async () => {
      await seedState();
      assert.deepEqual(await store.getMany([]), []);
      assert.deepEqual(await store.getMany(["things:b", "things:none", "things:a", "things:b"]), [
        { version: 3, name: "b" },
        null,
        { version: 1, name: "a" },
        { version: 3, name: "b" },
      ]);
    });

    it("does an empty commit, and a guards-only commit, without writing", async () => {
      await seedState();
      const before = await snapshot(KEYS, SETS);
      assert.deepEqual(await store.commit({ writes: [] }), { ok: true });
      assert.deepEqual(await store.commit({ guards: [{ kind: "version", key: "things:a", version: 1 }], writes: [] }), {
        ok: true,
      });
      assert.deepEqual(await store.commit({ guards: [{ kind: "absent", key: "things:a" }], writes: [] }), {
        ok: false,
        conflict: { key: "things:a", kind: "absent" },
      });
      assert.deepEqual(await snapshot(KEYS, SETS), before);
    });

    it("refuses malformed requests before reading or writing anything", async () => {
      await seedState();
      const before = await snapshot(KEYS, SETS);
      const valid = { op: "set" as const, key: "things:a", value: { version: 50 } };
      const bad: { what: string; request: CommitRequest }[] = [
        { what: "bad guard key", request: { guards: [{ kind: "absent", key: "things:../x" }], writes: [valid] } },
        { what: "bad write key", request: { writes: [valid, { op: "set", key: "no-namespace", value: 1 }] } },
        { what: "bad remove key", request: { writes: [valid, { op: "remove", key: "things:a/b" }] } },
        { what: "bad set key", request: { writes: [valid, { op: "setAdd", key: "idx:", member: "m" }] } },
        { what: "bad member", request: { writes: [valid, { op: "setAdd", key: "idx:x", member: "../m" }] } },
        { what: "empty member", request: { writes: [valid, { op: "setRemove", key: "idx:x", member: "" }] } },
        { what: "reserved namespace", request: { writes: [valid, { op: "set", key: "_locks:x", value: 1 }] } },
        { what: "null value", request: { writes: [valid, { op: "set", key: "things:n", value: null }] } },
        { what: "undefined value", request: { writes: [valid, { op: "replace", key: "things:a", value: undefined }] } },
        {
          what: "non-finite version",
          request: { guards: [{ kind: "version", key: "things:a", version: Number.NaN }], writes: [valid] },
        },
        {
          what: "a key used as a value and a set",
          request: { writes: [valid, { op: "setAdd", key: "things:a", member: "m" }] },
        },
      ];
      for (const { what, request } of bad) {
        await assert.rejects(store.commit(request), /Invalid/, what);
      }
      await assert.rejects(store.getMany(["things:a", "bad key"]), /Invalid store key/);
      await assert.rejects(store.readIndex("idx:..", "things"), /Invalid store key/);
      await assert.rejects(store.readIndex("idx:x", "bad/ns"), /Invalid store key/);
      assert.deepEqual(await snapshot(KEYS, SETS), before, "nothing was written");
    });

    it("of 20 concurrent commits guarded on one version (two instances), exactly one wins", async () => {
      await store.commit({ writes: [{ op: "set", key: "things:contested", value: { version: 1, by: "nobody" } }] });
      const instances = [store, h.second()];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          instances[i % 2]!.commit({
            guards: [{ kind: "version", key: "things:contested", version: 1 }],
            writes: [
              { op: "replace", key: "things:contested", value: { version: 2, by: i } },
              { op: "setAdd", key: "thing-index:winners", member: `w${i}` },
            ],
          }),
        ),
      );
      const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
      assert.equal(winners.length, 1, `winners: ${JSON.stringify(winners)}`);
      for (const r of results) if (!r.ok) assert.deepEqual(r.conflict, { key: "things:contested", kind: "version" });
      assert.deepEqual(await store.get("things:contested"), { version: 2, by: winners[0] });
      assert.deepEqual(await store.setMembers("thing-index:winners"), [`w${winners[0]}`]);
    });

    it("loses no update: 24 optimistic read-modify-write loops over two keys, two instances", async () => {
      await store.commit({
        writes: [
          { op: "set", key: "counters:x", value: { version: 0, n: 0 } },
          { op: "set", key: "counters:y", value: { version: 0, n: 0 } },
        ],
      });
      const instances = [store, h.second()];
      let conflicts = 0;
      await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          const s = instances[i % 2]!;
          for (let attempt = 0; ; attempt++) {
            assert.ok(attempt < 200, "an increment never got through");
            const [x, y] = (await s.getMany(["counters:x", "counters:y"])) as { version: number; n: number }[];
            const result: CommitResult = await s.commit({
              guards: [
                { kind: "version", key: "counters:x", version: x!.version },
                { kind: "version", key: "counters:y", version: y!.version },
              ],
              writes: [
                { op: "replace", key: "counters:x", value: { version: x!.version + 1, n: x!.n + 1 } },
                { op: "replace", key: "counters:y", value: { version: y!.version + 1, n: y!.n + 1 } },
              ],
            });
            if (result.ok) return;
            conflicts += 1;
          }
        }),
      );
      assert.deepEqual(await store.getMany(["counters:x", "counters:y"]), [
        { version: 24, n: 24 },
        { version: 24, n: 24 },
      ]);
      // 24 loops racing on one version: most first attempts lose, so the retry path is what was tested.
      assert.ok(conflicts > 0, "no commit ever conflicted: the loops did not race");
    });

    it("never interleaves two commits over overlapping keys", async () => {
      const keys = ["stamps:p", "stamps:q", "stamps:r"];
      const instances = [store, h.second()];
      let stop = false;
      const torn: string[] = [];
      // On stores with snapshot reads a reader must never see two commits mixed, even while they run.
      const reader = (async () => {
        while (!stop && h.snapshotReads) {
          const values = (await store.getMany(keys)) as ({ stamp: number } | null)[];
          const stamps = new Set(values.map((v) => v?.stamp ?? null));
          if (stamps.size > 1) torn.push(JSON.stringify(values));
          const index = await store.readIndex("stamp-index:all", "stamps");
          const seen = new Set(index.map((e) => (e.value as { stamp?: number } | null)?.stamp ?? null));
          if (seen.size > 1) torn.push(JSON.stringify(index));
        }
      })();
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          instances[i % 2]!.commit({
            // Overlapping but not identical key lists, in different orders.
            writes: (i % 2 === 0 ? keys : [...keys].reverse()).flatMap((key) => [
              { op: "set" as const, key, value: { stamp: i } },
              { op: "setAdd" as const, key: "stamp-index:all", member: key.split(":")[1]! },
            ]),
          }),
        ),
      );
      stop = true;
      await reader;
      const final = (await store.getMany(keys)) as { stamp: number }[];
      assert.equal(new Set(final.map((v) => v.stamp)).size, 1, `final state mixes commits: ${JSON.stringify(final)}`);
      assert.deepEqual(torn, [], "a reader saw two commits mixed");
    });

    const { unreachable } = options;
    if (unreachable)
      it("reports an unreachable store as StoreUnavailableError, from commit, getMany and readIndex", async () => {
        const down = await unreachable();
        try {
          await assert.rejects(
            down.commit({ writes: [{ op: "set", key: "things:a", value: { version: 1 } }] }),
            StoreUnavailableError,
          );
          await assert.rejects(down.getMany(["things:a"]), StoreUnavailableError);
          await assert.rejects(down.readIndex("thing-index:all", "things"), StoreUnavailableError);
        } finally {
          await down.close();
        }
      });
  });
}
