import { describe, expect, it } from 'vitest';
import { SearchFiltersSchema } from '@anime/contracts';
import { matchesPayload, payloadFilterOf } from './payload-filter';
import { pointIdOf, toQdrantFilter } from './qdrant-vector-store';

// Qdrant itself only runs with QDRANT_URL (vector-store.contract.spec.ts); the translation of
// the catalog filters into Qdrant's filter language is checked here on every run.
describe('catalog filters → payload filter → Qdrant filter', () => {
  const filters = SearchFiltersSchema.parse({
    years: { min: 1995, max: 2005 },
    types: ['TV', 'MOVIE'],
    statuses: ['FINISHED'],
    tags: { all: ['Mecha', 'Space'], any: ['Drama', 'Military'], none: ['Comedy'] },
    studios: { any: ['Sunrise'], none: ['Gainax'] },
    score: { min: 7.5 },
    episodes: { min: 12 }, // not a payload field: enforced by the exact predicate
  });

  it('keeps the payload fields (lower-cased names) and leaves the rest to the exact predicate', () => {
    expect(payloadFilterOf(filters)).toEqual({
      years: { min: 1995, max: 2005 },
      types: ['TV', 'MOVIE'],
      statuses: ['FINISHED'],
      tags: { all: ['mecha', 'space'], any: ['drama', 'military'], none: ['comedy'] },
      studios: { any: ['sunrise'], none: ['gainax'] },
      score: { min: 7.5 },
    });
    expect(payloadFilterOf(SearchFiltersSchema.parse({ episodes: { min: 1 } }))).toBeUndefined();
    expect(payloadFilterOf(undefined)).toBeUndefined();
  });

  it('becomes must / must_not conditions on typed payload fields, exclusions as has_id', () => {
    expect(toQdrantFilter(payloadFilterOf(filters), new Set(['mal:1']))).toEqual({
      must: [
        { key: 'year', range: { gte: 1995, lte: 2005 } },
        { key: 'type', match: { any: ['TV', 'MOVIE'] } },
        { key: 'status', match: { any: ['FINISHED'] } },
        { key: 'tags', match: { value: 'mecha' } },
        { key: 'tags', match: { value: 'space' } },
        { key: 'tags', match: { any: ['drama', 'military'] } },
        { key: 'studios', match: { any: ['sunrise'] } },
        { key: 'score', range: { gte: 7.5, lte: undefined } },
      ],
      must_not: [
        { key: 'tags', match: { any: ['comedy'] } },
        { key: 'studios', match: { any: ['gainax'] } },
        { has_id: [pointIdOf('mal:1')] },
      ],
    });
    expect(toQdrantFilter(undefined)).toBeUndefined();
  });

  it('agrees with the embedded evaluation of the same payload filter', () => {
    const payload = payloadFilterOf(filters)!;
    const base = { id: 'mal:30', year: 2000, type: 'TV', status: 'FINISHED', tags: ['mecha', 'space', 'military'], studios: ['sunrise'], score: 8.1 };
    expect(matchesPayload(base, payload)).toBe(true);
    expect(matchesPayload({ ...base, tags: [...base.tags, 'comedy'] }, payload)).toBe(false);
    expect(matchesPayload({ ...base, year: undefined }, payload)).toBe(false);
    expect(matchesPayload({ ...base, score: undefined }, payload)).toBe(false);
    expect(matchesPayload({ ...base, studios: ['sunrise', 'gainax'] }, payload)).toBe(false);
  });

  it('derives stable UUID point ids from catalog ids', () => {
    expect(pointIdOf('mal:1535')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pointIdOf('mal:1535')).toBe(pointIdOf('mal:1535'));
    expect(pointIdOf('mal:1535')).not.toBe(pointIdOf('mal:1536'));
  });
});
