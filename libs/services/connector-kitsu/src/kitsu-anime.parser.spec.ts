import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError, UpstreamChangedError } from '@anime/contracts';
import { sharedFixtures } from '@anime/testing';
import { buildKitsuSourceAnime, parseKitsuAnimeDocument, parseKitsuCategoryList } from './kitsu-anime.parser';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests alter fixture copies in place at any depth
type Json = Record<string, any>;
const load = (file: string): Json => JSON.parse(readFileSync(join(sharedFixtures('kitsu'), file), 'utf8')) as Json;
const REQUIRE_ALL = ['categories', 'genres', 'animeProductions'] as const;

describe('parseKitsuAnimeDocument — 1517.json (5 Centimeters per Second, filter[id] with includes)', () => {
  const record = parseKitsuAnimeDocument(load('1517.json'), { id: '1517', requireIncluded: REQUIRE_ALL });

  it('reads identity, titles, synopsis, status and episode count', () => {
    expect(record.sourceId).toBe('1517');
    expect(record.sourceUrl).toBe('https://kitsu.app/anime/five-centimeters-per-second');
    expect(record.titles).toEqual({ romaji: 'Byousoku 5 Centimeter', english: '5 Centimeters Per Second', native: '秒速５センチメートル' });
    expect(record.synopsis).toMatch(/^Takaki Toono and Akari Shinohara, two very close friends/);
    expect(record.synopsis).toContain('[Written by MAL Rewrite]');
    expect(record.status).toBe('finished');
    expect(record.episodes).toBe(3);
  });

  it('reads the average rating as a percentage with the number of ratings behind it', () => {
    // 38834 = the sum of ratingFrequencies (userCount, 70608, counts users who merely listed it).
    expect(record.score).toEqual({ value: 76.87, scale: 100, normalized: 7.69, votes: 38834 });
  });

  it('resolves categories and genres from `included` by type and id (categories first, no repeats)', () => {
    expect(record.genres).toEqual(['Romance', 'Earth', 'Japan', 'Asia', 'Slice of Life', 'Drama', 'School Life', 'Slow When It Comes To Love', 'Present']);
  });

  it('keeps only studio-role productions as studios (not producers or licensors)', () => {
    expect(record.studios).toEqual(['CoMix Wave Films']);
  });

  it('reads the statistics: listed by 70608 users, 963 favourites, rank 1597 by rating, 162 by popularity', () => {
    expect(record.statistics).toEqual({ userCount: 70608, favoritesCount: 963, ratingRank: 1597, popularityRank: 162 });
  });

  it('reads the trailer and has no next release for a finished film', () => {
    expect(record.trailer).toEqual({ url: 'https://www.youtube.com/watch?v=1X95eE2fwuc' });
    expect(record.airing).toBeUndefined();
  });

  it('gives the contract answer narrowed to the requested fields', () => {
    const answer = buildKitsuSourceAnime(record, { fields: ['score', 'episodes'], fetchedAt: '2025-06-01T00:00:00.000Z', stale: false });
    expect(answer).toEqual({
      source: 'kitsu',
      sourceId: '1517',
      sourceUrl: 'https://kitsu.app/anime/five-centimeters-per-second',
      fetchedAt: '2025-06-01T00:00:00.000Z',
      stale: false,
      score: { value: 76.87, scale: 100, normalized: 7.69, votes: 38834 },
      episodes: 3,
    });
  });

  it('reads the same anime from the single-resource shape (/anime/<id>)', () => {
    const body = load('1517.json');
    const single = parseKitsuAnimeDocument({ ...body, data: body['data'][0] }, { id: '1517', requireIncluded: REQUIRE_ALL });
    expect(single).toEqual(record);
  });
});

describe('parseKitsuAnimeDocument — kitsu_cowboy_bebop_dump.json (raw /anime/1 resource, no includes)', () => {
  const dump = load('kitsu_cowboy_bebop_dump.json');
  const record = parseKitsuAnimeDocument({ data: dump['anime'] }, { id: '1' });

  it('reads the anime attributes and links to kitsu.app even though the dump came from kitsu.io', () => {
    expect(record).toMatchObject({
      sourceId: '1',
      sourceUrl: 'https://kitsu.app/anime/cowboy-bebop',
      titles: { romaji: 'Cowboy Bebop', english: 'Cowboy Bebop', native: 'カウボーイビバップ' },
      status: 'finished',
      episodes: 26,
      score: { value: 82.23, scale: 100, normalized: 8.22, votes: 82746 },
      trailer: { url: 'https://www.youtube.com/watch?v=qig4KOK2R2g' },
    });
    expect(record.synopsis).toMatch(/^In the year 2071, humanity has colonized several of the planets/);
    expect(record.synopsis).toContain('Spike Spiegel');
  });

  it('reads the statistics from the anime attributes', () => {
    expect(record.statistics).toEqual({ userCount: 160124, favoritesCount: 5133, ratingRank: 160, popularityRank: 44 });
    const answer = buildKitsuSourceAnime(record, { fields: ['statistics'], fetchedAt: '2025-06-01T00:00:00.000Z', stale: false });
    expect(answer.statistics).toEqual({ userCount: 160124, favoritesCount: 5133, ratingRank: 160, popularityRank: 44 });
  });

  it('adds the episode list given to it when episode-list is asked, and not otherwise', () => {
    const episodeList = [{ number: 1, title: 'Asteroid Blues', aired: '1998-10-23' }];
    const parts = { fetchedAt: '2025-06-01T00:00:00.000Z', stale: false, episodeList };
    expect(buildKitsuSourceAnime(record, { ...parts, fields: ['episode-list'] })['episode-list']).toEqual(episodeList);
    expect(buildKitsuSourceAnime(record, { ...parts, fields: ['episodes'] })).not.toHaveProperty('episode-list');
  });

  it('leaves genres and studios out when the relationships were not included (not an empty list)', () => {
    expect(record.genres).toBeUndefined();
    expect(record.studios).toBeUndefined();
  });

  it('refuses it where the includes were required: relationships without data mean the format changed', () => {
    expect(() => parseKitsuAnimeDocument({ data: dump['anime'] }, { id: '1', requireIncluded: REQUIRE_ALL })).toThrow(/data\.relationships\.categories\.data/);
  });

  it('reads the category list of the dump', () => {
    expect(parseKitsuCategoryList({ data: dump['categories'] })).toEqual([
      'Bounty Hunter',
      'Gunfights',
      'Future',
      'Space',
      'Space Travel',
      'Other Planet',
      'Shipboard',
      'Action',
      'Science Fiction',
      'Adventure',
    ]);
  });
});

describe('parseKitsuAnimeDocument — not found and changed formats', () => {
  it('treats an empty data array as "no such anime", naming the id', () => {
    const body = { ...load('1517.json'), data: [], included: [], meta: { count: 0 } };
    const error = (() => {
      try {
        parseKitsuAnimeDocument(body, { id: '999999999' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('999999999');
  });

  const broken: Array<[string, (body: Json) => void, RegExp]> = [
    ['no data at all', (b) => delete b['data'], /'data'/],
    ['the titles removed', (b) => delete b['data'][0]['attributes']['titles'], /data\.0\.attributes\.titles/],
    ['the status removed', (b) => delete b['data'][0]['attributes']['status'], /data\.0\.attributes\.status/],
    ['averageRating turned into a number', (b) => (b['data'][0]['attributes']['averageRating'] = 76.87), /data\.0\.attributes\.averageRating/],
    ['the included categories cut off', (b) => (b['included'] = b['included'].filter((i: Json) => i['type'] !== 'categories')), /included\[categories\/164\]/],
    ['a producer without its name', (b) => delete b['included'].find((i: Json) => i['type'] === 'producers' && i['id'] === '172')['attributes']['name'], /included\.\d+\.attributes\.name/],
    ['the genres relationship data dropped', (b) => delete b['data'][0]['relationships']['genres']['data'], /relationships\.genres\.data/],
    ['attributes missing', (b) => delete b['data'][0]['attributes'], /data\.0\.attributes/],
    ['userCount sent as a string', (b) => (b['data'][0]['attributes']['userCount'] = '70608'), /data\.0\.attributes\.userCount/],
    ['a fractional rating rank', (b) => (b['data'][0]['attributes']['ratingRank'] = 1597.5), /data\.0\.attributes\.ratingRank/],
  ];
  it.each(broken)('throws UpstreamChangedError naming the field for a copy with %s', (_name, alter, path) => {
    const body = load('1517.json');
    alter(body);
    let error: unknown;
    try {
      parseKitsuAnimeDocument(body, { id: '1517', requireIncluded: REQUIRE_ALL });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UpstreamChangedError);
    expect((error as Error).message).toMatch(path);
  });

  it('leaves an unranked counter (null) out of the statistics, and the statistics out when none is sent', () => {
    const body = load('1517.json');
    Object.assign(body['data'][0]['attributes'], { ratingRank: null, popularityRank: null });
    expect(parseKitsuAnimeDocument(body, { id: '1517' }).statistics).toEqual({ userCount: 70608, favoritesCount: 963 });
    for (const name of ['userCount', 'favoritesCount', 'ratingRank', 'popularityRank']) delete body['data'][0]['attributes'][name];
    expect(parseKitsuAnimeDocument(body, { id: '1517' })).not.toHaveProperty('statistics');
  });

  it('throws UpstreamChangedError for a truncated category list', () => {
    const categories = load('kitsu_cowboy_bebop_dump.json')['categories'] as Json[];
    const truncated = categories.map((c, i) => (i === 3 ? { ...c, attributes: { slug: c['attributes']['slug'] } } : c));
    expect(() => parseKitsuCategoryList({ data: truncated })).toThrow(UpstreamChangedError);
    expect(() => parseKitsuCategoryList({ data: truncated })).toThrow(/data\.3\.attributes\.title/);
  });
});
