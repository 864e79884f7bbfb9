import { describe, expect, it } from 'vitest';
import { TypoIndex, withinOneEdit } from './fuzzy';

describe('TypoIndex', () => {
  const index = new TypoIndex(['naruto', 'shippuuden', 'brotherhood', 'gintama', 'gintoki', 'evangelion', 'one']);

  it.each([
    ['narto', 'naruto'], // deletion
    ['naaruto', 'naruto'], // insertion
    ['nbruto', 'naruto'], // substitution
    ['anruto', 'naruto'], // swap of the first two letters
    ['aruto', 'naruto'], // first letter missing
    ['xnaruto', 'naruto'], // extra first letter
    ['brotherhod', 'brotherhood'],
    ['evangleion', 'evangelion'],
  ])('%s → %s', (query, expected) => {
    expect(index.lookup(query)).toContain(expected);
  });

  it('finds nothing two edits away, and ignores short words', () => {
    expect(index.lookup('nrtuo')).toEqual([]);
    expect(index.lookup('on')).toEqual([]);
    expect(withinOneEdit('gintama', 'gintoki')).toBe(false);
  });
});
