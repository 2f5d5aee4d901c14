import type { AppStore, CommitWrite } from "../../lib/storage/types";

/** The commits the crash child makes (test/support/store-crash-child.ts) and the state they keep. */

export const CRASH_KEYS = 5;
export const MOVERS = 4;
const PAD = "x".repeat(3000);

/**
 * The writes of generation `gen`, given where each mover is: every commit rewrites CRASH_KEYS keys with its
 * generation, creates one item (record + index entry), deletes the item of three generations ago (record +
 * index entry), and moves one member from one set to the other together with the record saying where it is.
 * After any crash, a store holding all of one generation and none of the next passes checkCrashState.
 */
export function commitGeneration(
  gen: number,
  where: ("a" | "b")[],
): { guards: { kind: "version"; key: string; version: number }[]; writes: CommitWrite[] } {
  const writes: CommitWrite[] = [{ op: "replace", key: "crash:meta", value: { version: gen } }];
  for (let i = 0; i < CRASH_KEYS; i++)
    writes.push({ op: "set", key: `crash:k${i}`, value: { version: gen, gen, pad: PAD } });
  writes.push({ op: "set", key: `crash-item:g${gen}`, value: { gen } });
  writes.push({ op: "setAdd", key: "crash-idx:all", member: `g${gen}` });
  if (gen > 3) {
    writes.push({ op: "setRemove", key: "crash-idx:all", member: `g${gen - 3}` });
    writes.push({ op: "remove", key: `crash-item:g${gen - 3}` });
  }
  const mover = gen % MOVERS;
  const from = where[mover]!;
  const to = from === "a" ? "b" : "a";
  writes.push({ op: "set", key: `crash-where:m${mover}`, value: { version: gen, in: to } });
  writes.push({ op: "setRemove", key: `crash-set:${from}`, member: `m${mover}` });
  writes.push({ op: "setAdd", key: `crash-set:${to}`, member: `m${mover}` });
  where[mover] = to;
  return { guards: [{ kind: "version", key: "crash:meta", version: gen - 1 }], writes };
}

export async function initCrashState(store: AppStore): Promise<void> {
  const writes: CommitWrite[] = [{ op: "set", key: "crash:meta", value: { version: 0 } }];
  for (let m = 0; m < MOVERS; m++) {
    writes.push({ op: "set", key: `crash-where:m${m}`, value: { version: 0, in: "a" } });
    writes.push({ op: "setAdd", key: "crash-set:a", member: `m${m}` });
  }
  const result = await store.commit({ writes });
  if (!result.ok) throw new Error("could not initialise the crash state");
}

/**
 * Checks that the store holds exactly the state after some generation G (all of its commit, none of the
 * next): every key at G, the items of G-2..G and their index entries and no others, every mover where its
 * record says and in one set only, and each record as the last move left it. Returns G and what is wrong.
 */
export async function checkCrashState(store: AppStore): Promise<{ gen: number; problems: string[] }> {
  const problems: string[] = [];
  const meta = (await store.get("crash:meta")) as { version: number } | null;
  if (!meta) return { gen: -1, problems: ["crash:meta is missing"] };
  const gen = meta.version;
  const keys = (await store.getMany(Array.from({ length: CRASH_KEYS }, (_, i) => `crash:k${i}`))) as ({
    gen: number;
  } | null)[];
  keys.forEach((value, i) => {
    const seen = value?.gen ?? 0;
    if (seen !== gen) problems.push(`crash:k${i} is at generation ${seen}, crash:meta at ${gen}`);
  });
  const expectedItems: string[] = [];
  for (let g = Math.max(1, gen - 2); g <= gen; g++) expectedItems.push(`g${g}`);
  const items = (await store.listKeys("crash-item")).map((k) => k.slice("crash-item:".length)).sort();
  const index = (await store.setMembers("crash-idx:all")).sort();
  if (JSON.stringify(items) !== JSON.stringify(expectedItems.sort()))
    problems.push(`items ${items} at generation ${gen}`);
  if (JSON.stringify(index) !== JSON.stringify(expectedItems.sort()))
    problems.push(`index ${index} at generation ${gen}`);
  const [inA, inB] = [new Set(await store.setMembers("crash-set:a")), new Set(await store.setMembers("crash-set:b"))];
  for (let m = 0; m < MOVERS; m++) {
    let moves = 0;
    let last = 0;
    for (let g = 1; g <= gen; g++) {
      if (g % MOVERS === m) {
        moves += 1;
        last = g;
      }
    }
    const expected = { version: last, in: moves % 2 === 0 ? "a" : "b" };
    const record = await store.get(`crash-where:m${m}`);
    if (JSON.stringify(record) !== JSON.stringify(expected))
      problems.push(`crash-where:m${m} is ${JSON.stringify(record)}, expected ${JSON.stringify(expected)}`);
    const sets = `${inA.has(`m${m}`) ? "a" : ""}${inB.has(`m${m}`) ? "b" : ""}`;
    if (sets !== expected.in) problems.push(`m${m} is in set(s) "${sets}", expected "${expected.in}"`);
  }
  return { gen, problems };
}
