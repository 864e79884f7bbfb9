import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceUnavailableError, UpstreamChangedError } from '@anime/contracts';
import { sharedFixtures } from '@anime/testing';
import { anilistListGraphqlError, parseAnilistSchedulePage, parseAnilistSearch } from './anilist-list.parser';
import { buildSearchBody, frieren, schedulePage, unlisted, type SearchBody } from './test-support/anilist-list-bodies';

type Media = Record<string, unknown>;

const recorded = (name: string): Media => (JSON.parse(readFileSync(join(sharedFixtures('anilist'), name), 'utf8')) as { data: { Media: Media } }).data.Media;

const searchBody = (): SearchBody => buildSearchBody(recorded('tv.json'), recorded('15689.json'));

describe('parseAnilistSearch', () => {
  it('maps hits in AniList order with the real titles, scores, episodes, years and formats', () => {
    expect(parseAnilistSearch(searchBody())).toEqual([
      {
        sourceId: '5114',
        sourceUrl: 'https://anilist.co/anime/5114',
        title: 'Hagane no Renkinjutsushi: FULLMETAL ALCHEMIST',
        score: { value: 90, scale: 100, normalized: 9 },
        episodes: 64,
        year: 2009,
        type: 'TV',
      },
      {
        sourceId: '15689',
        sourceUrl: 'https://anilist.co/anime/15689',
        title: 'Nekomonogatari (Kuro)',
        score: { value: 77, scale: 100, normalized: 7.7 },
        episodes: 4,
        year: 2012,
        type: 'TV',
      },
      { sourceId: '999001', sourceUrl: 'https://anilist.co/anime/999001', title: 'Mitei no Anime', episodes: null },
    ]);
  });

  it('an empty page is no hits, not an error', () => {
    expect(parseAnilistSearch({ data: { Page: { media: [] } } })).toEqual([]);
  });

  it('a body without data.Page.media is UpstreamChangedError naming it', () => {
    expect(() => parseAnilistSearch({ data: { Page: {} } })).toThrow(UpstreamChangedError);
    expect(() => parseAnilistSearch({ data: { Page: null } })).toThrow("'data.Page.media'");
  });

  it('a hit without a field the query asks for is UpstreamChangedError naming the exact path', () => {
    const body = searchBody();
    delete body.data.Page.media[1]!['seasonYear'];
    expect(() => parseAnilistSearch(body)).toThrow('data.Page.media.1.seasonYear');
    const noTitle = searchBody();
    (noTitle.data.Page.media[0]!['title'] as Media)['romaji'] = null;
    (noTitle.data.Page.media[0]!['title'] as Media)['english'] = null;
    expect(() => parseAnilistSearch(noTitle)).toThrow('data.Page.media.0.title.romaji');
  });
});

describe('parseAnilistSchedulePage', () => {
  it('turns epoch seconds into ISO UTC, keeps episode and MAL id, falls back to the English title', () => {
    expect(parseAnilistSchedulePage(schedulePage(true, [frieren, unlisted]))).toEqual({
      hasNextPage: true,
      items: [
        { sourceId: '154587', sourceUrl: 'https://anilist.co/anime/154587', title: 'Sousou no Frieren', episode: 20, airingAt: '2025-01-16T16:00:00.000Z', malId: '52991' },
        { sourceId: '999002', sourceUrl: 'https://anilist.co/anime/999002', title: 'Only English', episode: 1, airingAt: '2025-01-16T16:30:00.000Z' },
      ],
    });
  });

  it('skips a schedule whose anime AniList hides (media null)', () => {
    expect(parseAnilistSchedulePage(schedulePage(false, [{ episode: 3, airingAt: 1_737_043_200, media: null }, frieren])).items.map((i) => i.sourceId)).toEqual(['154587']);
  });

  it('a page without pageInfo.hasNextPage or an air time is UpstreamChangedError naming the field', () => {
    expect(() => parseAnilistSchedulePage({ data: { Page: { airingSchedules: [] } } })).toThrow('data.Page.pageInfo.hasNextPage');
    expect(() => parseAnilistSchedulePage(schedulePage(false, [{ ...frieren, airingAt: undefined }]))).toThrow('data.Page.airingSchedules.0.airingAt');
    expect(() => parseAnilistSchedulePage({ data: {} })).toThrow(UpstreamChangedError);
  });
});

describe('anilistListGraphqlError', () => {
  it('any GraphQL error on a list is SourceUnavailableError with the upstream message', () => {
    const error = anilistListGraphqlError({ errors: [{ message: 'Internal Server Error', status: 500 }], data: null }, 'search "frieren"');
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error?.message).toBe('AniList answered with errors for search "frieren": Internal Server Error');
  });

  it('none on a success', () => {
    expect(anilistListGraphqlError(searchBody(), 'search')).toBeUndefined();
  });
});
