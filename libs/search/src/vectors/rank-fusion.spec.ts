import { describe, expect, it } from 'vitest';
import { fuseRankings } from './rank-fusion';

describe('fuseRankings (weighted reciprocal rank fusion)', () => {
  it('scores Σ weight / (k + rank) and ranks items found by both lists first', () => {
    const fused = fuseRankings([
      { name: 'lexical', ids: ['a', 'b', 'c'] },
      { name: 'semantic', ids: ['c', 'd', 'a'] },
    ]);
    expect(fused.map((f) => f.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(fused[0]?.ranks).toEqual({ lexical: 1, semantic: 3 });
    expect(fused.find((f) => f.id === 'd')?.ranks).toEqual({ semantic: 2 });
  });

  it('lets weights decide between lists, and breaks exact ties by the first list', () => {
    const lists = (w: number) => [
      { name: 'lexical', ids: ['x'], weight: w },
      { name: 'semantic', ids: ['y'] },
    ];
    expect(fuseRankings(lists(1)).map((f) => f.id)).toEqual(['x', 'y']);
    expect(fuseRankings(lists(0.5)).map((f) => f.id)).toEqual(['y', 'x']);
  });

  it('counts an id once per list even when a list repeats it', () => {
    const [only] = fuseRankings([{ name: 'l', ids: ['a', 'a'] }]);
    expect(only?.score).toBeCloseTo(1 / 61, 12);
  });

  it('handles empty input', () => {
    expect(fuseRankings([])).toEqual([]);
    expect(fuseRankings([{ name: 'l', ids: [] }])).toEqual([]);
  });
});
