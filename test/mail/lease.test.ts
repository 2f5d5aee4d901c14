import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { acquireLease } from "../../lib/jobs/lease";
import { createFsStore } from "../../lib/storage/fs-store";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { tempDir } from "./support";

describe("the self-tick's lease", () => {
  for (const [name, make] of [
    [
      "memory",
      () => {
        const s = createMemoryStore();
        return [s, s] as const;
      },
    ],
    [
      "fs",
      () => {
        const dir = tempDir("lease");
        return [createFsStore(dir), createFsStore(dir)] as const;
      },
    ],
  ] as const) {
    it(`${name}: of two instances asking at once one gets it; it passes on only after it expires`, async () => {
      const [a, b] = make();
      const now = Date.now();
      const got = await Promise.all([
        acquireLease(a, "tick", "a", 55_000, now),
        acquireLease(b, "tick", "b", 55_000, now),
      ]);
      assert.equal(got.filter(Boolean).length, 1);
      const winner = got[0] ? "a" : "b";
      const loser = winner === "a" ? b : a;
      assert.equal(await acquireLease(loser, "tick", winner === "a" ? "b" : "a", 55_000, now + 30_000), false);
      assert.equal(
        await acquireLease(winner === "a" ? a : b, "tick", winner, 55_000, now + 30_000),
        true,
        "the holder renews",
      );
      assert.equal(
        await acquireLease(loser, "tick", winner === "a" ? "b" : "a", 55_000, now + 86_000),
        true,
        "expired: taken over",
      );
    });
  }
});
