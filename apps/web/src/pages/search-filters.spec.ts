import { describe, expect, it } from 'vitest';
import type { SearchFilters } from '../api/types';
import { EMPTY_FILTER_VALUES, mergeFilters, planPieces, toFilterValues, toSearchFilters } from './search-filters';

describe('filter panel ↔ search_anime filters', () => {
  it('maps the panel to filters, leaving empty fields out', () => {
    expect(toSearchFilters(EMPTY_FILTER_VALUES)).toEqual({});
    expect(
      toSearchFilters({ ...EMPTY_FILTER_VALUES, types: ['TV'], yearMin: '2011', tagsInclude: 'supernatural, comedy,', tagsExclude: 'isekai', studios: 'bones, kyoto animation', scoreMin: '7.5', episodesMax: '26' }),
    ).toEqual({ types: ['TV'], years: { min: 2011 }, tags: { all: ['supernatural', 'comedy'], none: ['isekai'] }, studios: { any: ['bones', 'kyoto animation'] }, score: { min: 7.5 }, episodes: { max: 26 } });
  });

  it('round-trips what the panel can show and keeps the rest aside', () => {
    const plan: SearchFilters = { types: ['TV'], years: { min: 2011 }, studios: { any: ['bones'], none: ['mappa'] }, tags: { any: ['supernatural'] }, platforms: ['anilist'] };
    const { values, hidden } = toFilterValues(plan);
    expect(values).toMatchObject({ types: ['TV'], yearMin: '2011', studios: 'bones', tagsInclude: 'supernatural' });
    expect(hidden).toEqual({ platforms: ['anilist'], studios: { none: ['mappa'] } });
    expect(mergeFilters(toSearchFilters(values), hidden)).toEqual({ types: ['TV'], years: { min: 2011 }, tags: { all: ['supernatural'] }, studios: { any: ['bones'], none: ['mappa'] }, platforms: ['anilist'] });
  });
});

describe('plan pieces', () => {
  const filters: SearchFilters = { types: ['TV'], years: { min: 2011 }, studios: { any: ['bones', 'kyoto animation'] }, tags: { all: ['supernatural'], none: ['isekai'] } };

  it('names each understood piece the way the plan reads', () => {
    expect(planPieces({ filters }).map((p) => p.label)).toEqual(['TV', '2011+', 'supernatural', 'not isekai', 'bones', 'kyoto animation']);
  });

  it('removing a piece gives the filters without it (emptied groups disappear)', () => {
    const pieces = planPieces({ filters });
    const byLabel = (label: string) => pieces.find((p) => p.label === label)!;
    expect(byLabel('TV').remove(filters)).not.toHaveProperty('types');
    expect(byLabel('2011+').remove(filters)).not.toHaveProperty('years');
    expect(byLabel('bones').remove(filters).studios).toEqual({ any: ['kyoto animation'] });
    const noTags = byLabel('not isekai').remove(byLabel('supernatural').remove(filters));
    expect(noTags).not.toHaveProperty('tags');
  });
});
