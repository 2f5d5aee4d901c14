/**
 * The arithmetic of section 1's interleaved slices: each variant is measured in many short slices, slice i of
 * one variant being a neighbour in time of slice i of the variant it is compared to (the same cycle).
 */

export interface Rate {
  requests: number;
  seconds: number;
}

export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Requests per second over all the slices: requests summed over seconds summed. */
export function rateOf(slices: readonly Rate[]): number {
  return sum(slices.map((s) => s.requests)) / sum(slices.map((s) => s.seconds));
}

/** The rate of `a` over that of `b`, both pooled over the same cycles (indexes, repeats allowed). */
export function pooledRatio(a: readonly Rate[], b: readonly Rate[], cycles: readonly number[]): number {
  return rateOf(cycles.map((i) => a[i]!)) / rateOf(cycles.map((i) => b[i]!));
}

/** A small seeded PRNG (mulberry32): the same slices always give the same interval. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * 95% bootstrap interval of the pooled ratio, resampling whole cycles: a cycle's two slices are neighbours in
 * time, so they are drawn together. NaNs with fewer than two cycles.
 */
export function bootstrapInterval(
  a: readonly Rate[],
  b: readonly Rate[],
  resamples: number,
  seed = 0x5e55,
): [number, number] {
  const n = Math.min(a.length, b.length);
  if (n < 2) return [Number.NaN, Number.NaN];
  const random = prng(seed);
  const ratios: number[] = [];
  for (let k = 0; k < resamples; k++) {
    const picked = Array.from({ length: n }, () => Math.floor(random() * n));
    ratios.push(pooledRatio(a, b, picked));
  }
  ratios.sort((x, y) => x - y);
  return [ratios[Math.floor(0.025 * ratios.length)]!, ratios[Math.ceil(0.975 * ratios.length) - 1]!];
}

/** The cycle indexes 0..n-1 in three consecutive parts of (nearly) equal size; none below three cycles. */
export function thirds(n: number): number[][] {
  if (n < 3) return [];
  const cut = (k: number) => Math.round((k * n) / 3);
  return [0, 1, 2].map((k) => Array.from({ length: cut(k + 1) - cut(k) }, (_, i) => cut(k) + i));
}
