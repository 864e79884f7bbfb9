/**
 * Deterministic randomness for the dataset builder. Everything the builder draws comes from one
 * seeded stream, so the same seed and size give byte-identical output on every machine.
 */

/**
 * Mulberry32: a 32-bit state PRNG returning doubles in [0, 1). Period 2^32 — plenty for a 40k
 * dataset (an LCG whose doubles come from few state bits starts repeating after ~16k draws,
 * which would clone entries at full size).
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Value at `u` ∈ [0, 1] of a curve given by equally spaced quantile points (linear in between). */
export function interpolate(points: readonly number[], u: number): number {
  if (points.length === 1) return points[0];
  const x = Math.min(Math.max(u, 0), 1) * (points.length - 1);
  const i = Math.min(Math.floor(x), points.length - 2);
  const lo = points[i];
  const hi = points[i + 1];
  return lo + (hi - lo) * (x - i);
}

/** `[value, weight]` pairs, weights being counts observed in the real data. */
export type Weighted<T> = readonly (readonly [T, number])[];

/** A weighted table prepared once for O(log n) draws (cumulative weights + binary search). */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(pairs: Weighted<T>) {
    if (pairs.length === 0) throw new Error('WeightedTable needs at least one value');
    this.values = pairs.map(([value]) => value);
    this.cumulative = new Float64Array(pairs.length);
    let sum = 0;
    pairs.forEach(([, weight], i) => {
      sum += weight;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  /** The value whose cumulative weight interval holds `u` ∈ [0, 1). */
  at(u: number): T {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

/** Convenience draws on top of one PRNG stream. */
export class Random {
  constructor(readonly next: () => number) {}

  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(table: WeightedTable<T>): T {
    return table.at(this.next());
  }

  /**
   * A uniform draw correlated with `anchor` (also uniform): with probability `strength` it is the
   * anchor, else a fresh draw. The mixture of two uniforms is still uniform, so the marginal
   * distribution of whatever is read from it stays the real one, while "popular" entries get more
   * sources, synonyms and tags together — as in the real data.
   */
  coupled(anchor: number, strength: number): number {
    return this.next() < strength ? anchor : this.next();
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}
