import { mulberry32 } from './dataset-builder/random';

/**
 * Unit vectors grouped around `clusters` random centres (like CLIP embeddings of a catalog:
 * franchises and genres form tight groups). I.i.d. random vectors make nearest-neighbour search
 * look easier/harder than it is, so vector tests and benchmarks use these. Deterministic per seed.
 */
export function clusteredVectors(options: { count: number; dim: number; clusters: number; spread?: number; seed?: number }): Float32Array[] {
  const rand = mulberry32(options.seed ?? 1);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const spread = options.spread ?? 0.6;
  const centres = Array.from({ length: options.clusters }, () => Float32Array.from({ length: options.dim }, gauss));
  return Array.from({ length: options.count }, (_, i) => {
    const centre = centres[i % options.clusters] as Float32Array;
    return unit(centre.map((c) => c + spread * gauss()));
  });
}

/** A vector near `base` (noise of the given size), normalised: a query "like" a stored entry. */
export function jitterVector(base: Float32Array, noise: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  return unit(base.map((x) => x + noise * gauss()));
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return v.map((x) => x / norm);
}
