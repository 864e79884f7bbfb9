/**
 * Studio and producer name tables: the real head of the distribution (vocabulary.ts) plus a
 * generated long tail with the real tail's shape, so a 40k dataset has ~1,650 distinct studios
 * and ~1,700 producers like the real one instead of only the most common few.
 */
import { mulberry32, Random, WeightedTable } from './random';
import { romajiWord } from './titles';
import { PRODUCER_TAIL, PRODUCERS, STUDIO_TAIL, STUDIOS } from './vocabulary';
import type { Weighted } from './random';

const STUDIO_PATTERNS = [
  'studio #', '# animation', '# pictures', '# production', '# works', '# studio', '# entertainment', '# film', '#', '#',
];
const PRODUCER_PATTERNS = [
  '# records', '# music', '# shoten', '# broadcasting', '# tv', '# inc.', '# media', '# planning', '# pictures',
  '# entertainment', '#', '#', '# co., ltd.', '# communications',
];

/** Tail names are drawn from a fixed seed: the vocabulary is the same for every dataset seed. */
const TAIL_SEED = 0x7a11;

function withTail(head: Weighted<string>, tail: Weighted<number>, patterns: readonly string[], salt: number): WeightedTable<string> {
  const rng = new Random(mulberry32(TAIL_SEED + salt));
  const taken = new Set(head.map(([name]) => name));
  const pairs: (readonly [string, number])[] = [...head];
  for (const [occurrences, names] of tail) {
    for (let i = 0; i < names; i++) {
      let name = '';
      // Retry on a clash; the pattern × word space is far larger than the ~1,500 names needed.
      do name = rng.pick(patterns).replace('#', romajiWord(rng));
      while (taken.has(name));
      taken.add(name);
      pairs.push([name, occurrences]);
    }
  }
  return new WeightedTable(pairs);
}

let studioTable: WeightedTable<string> | undefined;
let producerTable: WeightedTable<string> | undefined;

/** All studios (real head + generated tail) weighted by real mention counts; built once. */
export function studioNames(): WeightedTable<string> {
  studioTable ??= withTail(STUDIOS, STUDIO_TAIL, STUDIO_PATTERNS, 1);
  return studioTable;
}

/** All producers (real head + generated tail) weighted by real mention counts; built once. */
export function producerNames(): WeightedTable<string> {
  producerTable ??= withTail(PRODUCERS, PRODUCER_TAIL, PRODUCER_PATTERNS, 2);
  return producerTable;
}
