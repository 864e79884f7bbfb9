import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UpstreamChangedError } from '@anime/contracts';
import { sharedFixtures } from '@anime/testing';
import { parseKitsuAnimeList } from './kitsu-search.parser';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests alter fixture copies in place at any depth
type Json = Record<string, any>;
const load = (file: string): Json => JSON.parse(readFileSync(join(sharedFixtures('kitsu'), file), 'utf8')) as Json;

// No recorded /anime?filter[text]= response exists among the shared fixtures. Kitsu answers a
// text search with the same JSON:API anime collection as /anime?filter[id]= ({data: [anime
// resources], meta: {count}, links: {first, next, last}}), so the envelope below is built here
// while the two anime resources in it are the recorded ones: Cowboy Bebop (raw dump of /anime/1)
// and 5 Centimeters per Second (1517.json).
const searchDocument = (): Json => ({
  data: [load('kitsu_cowboy_bebop_dump.json')['anime'], load('1517.json')['data'][0]],
  meta: { count: 2 },
  links: { first: 'https://kitsu.app/api/edge/anime?filter%5Btext%5D=cowboy&page%5Blimit%5D=2&page%5Boffset%5D=0' },
});

describe('parseKitsuAnimeList — recorded anime resources in a search collection', () => {
  it('maps each hit to title, kitsu.app page, rating on the 100 scale, episodes, start year and subtype', () => {
    expect(parseKitsuAnimeList(searchDocument())).toEqual([
      {
        sourceId: '1',
        sourceUrl: 'https://kitsu.app/anime/cowboy-bebop',
        title: 'Cowboy Bebop',
        score: { value: 82.23, scale: 100, normalized: 8.22, votes: 82746 },
        episodes: 26,
        year: 1998,
        type: 'TV',
      },
      {
        sourceId: '1517',
        sourceUrl: 'https://kitsu.app/anime/five-centimeters-per-second',
        title: '5 Centimeters Per Second',
        score: { value: 76.87, scale: 100, normalized: 7.69, votes: 38834 },
        episodes: 3,
        year: 2007,
        type: 'movie',
      },
    ]);
  });

  it('reads an empty collection as "no match"', () => {
    expect(parseKitsuAnimeList({ data: [], meta: { count: 0 }, links: {} })).toEqual([]);
  });

  it('leaves out what Kitsu does not know yet (unrated, no start date, no slug) and keeps an unknown episode count as null', () => {
    const body = searchDocument();
    Object.assign(body['data'][1]['attributes'], { averageRating: null, startDate: null, episodeCount: null, slug: null, subtype: null });
    expect(parseKitsuAnimeList(body)[1]).toEqual({ sourceId: '1517', sourceUrl: 'https://kitsu.app/anime/1517', title: '5 Centimeters Per Second', episodes: null });
  });

  const broken: Array<[string, (body: Json) => void, RegExp]> = [
    ['no data', (b) => delete b['data'], /'data'/],
    ['data turned into one resource', (b) => (b['data'] = b['data'][0]), /'data' is not an array/],
    ['the canonical title removed', (b) => delete b['data'][1]['attributes']['canonicalTitle'], /data\.1\.attributes\.canonicalTitle/],
    ['a start date that is not a date', (b) => (b['data'][0]['attributes']['startDate'] = 'April 1998'), /data\.0\.attributes\.startDate/],
    ['a resource of another type', (b) => (b['data'][0]['type'] = 'manga'), /data\.0\.type/],
  ];
  it.each(broken)('throws UpstreamChangedError naming the field for a copy with %s', (_name, alter, path) => {
    const body = searchDocument();
    alter(body);
    let error: unknown;
    try {
      parseKitsuAnimeList(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UpstreamChangedError);
    expect((error as Error).message).toMatch(path);
  });
});
