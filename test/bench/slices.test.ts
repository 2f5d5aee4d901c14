import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bootstrapInterval, pooledRatio, prng, rateOf, thirds, type Rate } from "../../bench/support/slices";

// Section 1's verdicts rest on this arithmetic; the bench itself only runs with a production build, so it is
// checked here on made-up slices whose answers are known.

const slices = (requests: number[], seconds = 1): Rate[] => requests.map((r) => ({ requests: r, seconds }));
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("bench section 1: interleaved slices", () => {
  it("pools requests over seconds, not the mean of per-slice rates", () => {
    assert.equal(
      rateOf([
        { requests: 100, seconds: 1 },
        { requests: 300, seconds: 3 },
      ]),
      100,
    );
    assert.equal(
      rateOf([
        { requests: 100, seconds: 1 },
        { requests: 100, seconds: 3 },
      ]),
      50,
    );
  });

  it("gives the ratio of pooled rates over the chosen cycles, repeats counted", () => {
    const a = slices([90, 200, 300]);
    const b = slices([100, 200, 300]);
    assert.equal(pooledRatio(a, b, all(3)), 590 / 600);
    assert.equal(pooledRatio(a, b, [0]), 0.9);
    assert.equal(pooledRatio(a, b, [0, 0, 1]), (90 + 90 + 200) / (100 + 100 + 200));
  });

  it("has an interval that is one point when every cycle has the same ratio, however the machine's speed swings", () => {
    const b = slices([100, 250, 80, 300, 150, 220]);
    const a = b.map((s) => ({ ...s, requests: s.requests * 0.95 }));
    const [low, high] = bootstrapInterval(a, b, 500);
    assert.ok(Math.abs(low - 0.95) < 1e-12 && Math.abs(high - 0.95) < 1e-12, `${low}–${high}`);
  });

  it("has an interval around the pooled ratio that narrows with more cycles, and is the same for the same slices", () => {
    const random = prng(42);
    const make = (n: number) => {
      const b = slices(Array.from({ length: n }, () => 200 + 100 * random()));
      const a = b.map((s) => ({ ...s, requests: s.requests * (0.9 + 0.2 * random()) }));
      return { a, b };
    };
    const few = make(10);
    const many = make(200);
    const [lowFew, highFew] = bootstrapInterval(few.a, few.b, 2_000);
    const [lowMany, highMany] = bootstrapInterval(many.a, many.b, 2_000);
    for (const [{ a, b }, low, high] of [
      [few, lowFew, highFew],
      [many, lowMany, highMany],
    ] as const) {
      const point = pooledRatio(a, b, all(a.length));
      assert.ok(low < point && point < high, `${low} < ${point} < ${high}`);
    }
    assert.ok(
      highMany - lowMany < (highFew - lowFew) / 2,
      `200 cycles ${highMany - lowMany} vs 10 cycles ${highFew - lowFew}`,
    );
    assert.deepEqual(bootstrapInterval(few.a, few.b, 2_000), [lowFew, highFew]);
    assert.deepEqual(bootstrapInterval(slices([1]), slices([1]), 100).map(Number.isNaN), [true, true]);
  });

  it("splits the cycles into three consecutive parts that cover each once", () => {
    assert.deepEqual(thirds(2), []);
    assert.deepEqual(thirds(3), [[0], [1], [2]]);
    for (const n of [40, 41, 42, 6]) {
      const parts = thirds(n);
      assert.equal(parts.length, 3);
      assert.deepEqual(parts.flat(), all(n));
      const sizes = parts.map((p) => p.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${n}: ${sizes}`);
    }
  });
});
