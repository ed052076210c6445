// Seeded randomness for the demo/bench generator. Same seed, same stream, on every
// machine: the generator's output must be byte-identical across runs, so nothing here
// may read the clock, Math.random or iteration order of unordered collections.

const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** xoshiro128** (Blackman & Vigna): fast on 32-bit integer ops, period 2^128 − 1. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads the seed so that seeds 1, 2, 3… give unrelated streams.
    let s = (seed ^ Math.floor(seed / TWO_POW_32)) | 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return z ^ (z >>> 16);
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
  }

  /** Unsigned 32-bit integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / TWO_POW_32;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Standard normal (Box–Muller; the second value is dropped to keep the stream simple). */
  normal(): number {
    const u = 1 - this.float(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** Log-normal with the given median: prices, order values, company sizes. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Pareto with minimum 1: heavy tail for activity and points. */
  pareto(alpha: number): number {
    return Math.pow(1 - this.float(), -1 / alpha);
  }

  /** Geometric count ≥ 0 with the given mean. */
  geometric(mean: number): number {
    return Math.floor(-Math.log(1 - this.float()) * mean);
  }
}

/** A seed for a named sub-stream, so that adding draws to one part of the generator does not shift the others. */
export function subSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed | 0) ^ Math.imul(Math.floor(seed / TWO_POW_32) | 0, 0x9e3779b1);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Picks items with fixed relative weights; built once, then O(log n) per draw. */
export class WeightedPicker<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(readonly items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('WeightedPicker: items and weights must be non-empty and of equal length');
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  index(rng: Rng): number {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  pick(rng: Rng): T {
    return this.items[this.index(rng)];
  }
}

/** Long-tail pick: the k-th item (0-based) has weight 1/(k+1)^s, so a few items dominate. */
export function zipfPicker<T>(items: readonly T[], s = 1): WeightedPicker<T> {
  return new WeightedPicker(items, items.map((_, k) => 1 / Math.pow(k + 1, s)));
}

/** Builds a picker from `[item, weight]` pairs, which read better in catalogues. */
export function weighted<T>(pairs: readonly (readonly [T, number])[]): WeightedPicker<T> {
  return new WeightedPicker(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
}
