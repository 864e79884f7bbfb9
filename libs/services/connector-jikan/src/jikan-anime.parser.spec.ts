import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UpstreamChangedError } from '@anime/contracts';
import { sharedFixtures } from '@anime/testing';
import { nextBroadcast, parseJikanAnimeFull, parseJikanAnimeList } from './jikan-anime.parser';
import { buildJikanSourceAnime } from './jikan-source-anime.parser';

const fixture = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(sharedFixtures('jikan'), file), 'utf8')) as Record<string, unknown>;

describe('parseJikanAnimeFull (recorded /anime/1/full, Cowboy Bebop)', () => {
  const record = parseJikanAnimeFull(fixture('anime_1_full.json'));

  it('maps titles, score, episodes, status and synopsis', () => {
    expect(record.malId).toBe(1);
    expect(record.titles).toEqual({ romaji: 'Cowboy Bebop', english: 'Cowboy Bebop', native: 'カウボーイビバップ' });
    expect(record.score).toEqual({ value: 8.75, scale: 10, normalized: 8.75, votes: 1068728 });
    expect(record.episodes).toBe(26);
    expect(record.status).toBe('Finished Airing');
    expect(record.synopsis).toMatch(/^Crime is timeless\. By the year 2071, humanity has expanded across the galaxy/);
    expect(record.airing).toBe(false);
  });

  it('maps genres with themes, studios, streaming sites and the trailer from the embed URL', () => {
    expect(record.genres).toEqual(['Action', 'Award Winning', 'Sci-Fi', 'Adult Cast', 'Space']);
    expect(record.studios).toEqual(['Sunrise']);
    expect(record.streaming).toEqual([
      { site: 'Crunchyroll', url: 'http://www.crunchyroll.com/series-271225' },
      { site: 'Netflix', url: 'https://www.netflix.com/title/80001305' },
      { site: 'Tubi TV', url: 'https://tubitv.com/series/2052/cowboy-bebop-subtitled' },
    ]);
    // MAL blanked url and youtube_id for this one; the embed URL still names the video.
    expect(record.trailer).toEqual({ url: 'https://www.youtube.com/watch?v=gY5nDXOtv_o' });
    expect(record.broadcast).toEqual({ day: 'Saturdays', time: '01:00', timezone: 'Asia/Tokyo' });
  });

  it('builds a schema-valid answer with only the requested fields, and no airing for a finished show', () => {
    const fetchedAt = '2025-01-01T00:00:00.000Z';
    const all = buildJikanSourceAnime({ id: '1', fields: [], record, fetchedAt, stale: false, now: Date.parse(fetchedAt) });
    expect(all).toMatchObject({ source: 'jikan', sourceId: '1', sourceUrl: 'https://myanimelist.net/anime/1', episodes: 26, studios: ['Sunrise'], stale: false });
    expect(all.airing).toBeUndefined();
    expect(all.characters).toBeUndefined();
    const some = buildJikanSourceAnime({ id: '1', fields: ['score', 'episodes'], record, fetchedAt, stale: true, now: 0 });
    expect(Object.keys(some).sort()).toEqual(['episodes', 'fetchedAt', 'score', 'source', 'sourceId', 'sourceUrl', 'stale']);
  });

  it.each([
    ['data', (b: Record<string, unknown>) => delete b['data']],
    ['data.studios', (b: Record<string, unknown>) => delete (b['data'] as Record<string, unknown>)['studios']],
    ['data.streaming', (b: Record<string, unknown>) => delete (b['data'] as Record<string, unknown>)['streaming']],
    ['data.mal_id', (b: Record<string, unknown>) => ((b['data'] as Record<string, unknown>)['mal_id'] = '1')],
  ])('throws UpstreamChangedError naming %s when it is missing or malformed', (path, alter) => {
    const body = fixture('anime_1_full.json');
    alter(body);
    const error = (() => {
      try {
        parseJikanAnimeFull(body);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UpstreamChangedError);
    expect((error as Error).message).toContain(`'${path}'`);
  });

  it('rejects a truncated body (cut mid-object) as a changed upstream, never an empty success', () => {
    const full = fixture('anime_1_full.json');
    const data = full['data'] as Record<string, unknown>;
    // Keep only what precedes "synopsis": a response cut short by a proxy or a schema change.
    const kept = Object.fromEntries(Object.entries(data).slice(0, Object.keys(data).indexOf('synopsis')));
    expect(() => parseJikanAnimeFull({ data: kept })).toThrow(/'data\.synopsis' is missing/);
  });
});

describe('parseJikanAnimeList (recorded list endpoints)', () => {
  it('parses /top/anime: Fullmetal Alchemist: Brotherhood, 64 episodes, 9.15, Bones', () => {
    const page = parseJikanAnimeList(fixture('getTopAnime.json'));
    expect(page).toMatchObject({ hasNextPage: true, lastVisiblePage: 701 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      malId: 5114,
      titles: { romaji: 'Fullmetal Alchemist: Brotherhood', english: 'Fullmetal Alchemist: Brotherhood', native: '鋼の錬金術師 FULLMETAL ALCHEMIST' },
      episodes: 64,
      score: { value: 9.15, scale: 10, votes: 1690301 },
      studios: ['Bones'],
      status: 'Finished Airing',
      trailer: { url: 'https://www.youtube.com/watch?v=--IcmZkvL0Q' },
    });
  });

  it('parses /seasons/now: an airing show with its weekly slot and unknown episode count', () => {
    const [aot] = parseJikanAnimeList(fixture('getSeasonNow.json')).items;
    expect(aot).toMatchObject({ malId: 48583, titles: { english: 'Attack on Titan: The Final Season Part 2' }, episodes: null, airing: true, studios: ['MAPPA'], broadcast: { day: 'Mondays', time: '00:05', timezone: 'Asia/Tokyo' } });
    expect(aot?.synopsis).toContain('Eren Yeager sets a disastrous plan in motion');
  });

  it('parses /anime?q= and /schedules, where titles[] is absent and score is null', () => {
    const [riddle] = parseJikanAnimeList(fixture('getAnimeSearch.json')).items;
    expect(riddle).toMatchObject({ malId: 24751, titles: { romaji: 'Akuma no Riddle: Shousha wa Dare? Nukiuchi Test' }, episodes: 1, studios: ['Diomedéa'], score: { value: 6.52, votes: 18674 } });
    expect(riddle?.titles.english).toBeUndefined();
    const [hikari] = parseJikanAnimeList(fixture('getSchedules.json')).items;
    expect(hikari).toMatchObject({ malId: 49689, titles: { romaji: 'Hikari~be my light' }, status: 'Currently Airing', airing: true, studios: [] });
    expect(hikari?.score).toBeUndefined();
    expect(hikari?.trailer).toBeUndefined();
  });

  it('parses the 9-item /schedules?filter=tuesday page', () => {
    const page = parseJikanAnimeList(fixture('anime-next_program_data.js__schedules_tuesday.json'));
    expect(page.items).toHaveLength(9);
    expect(page.items[0]).toMatchObject({ malId: 41458 });
    expect(page.items.every((a) => a.broadcast?.day === undefined || a.broadcast.day === 'Tuesdays')).toBe(true);
  });

  it('names the list item whose structure is missing', () => {
    const body = fixture('getTopAnime.json');
    delete ((body['data'] as Record<string, unknown>[])[0] as Record<string, unknown>)['episodes'];
    expect(() => parseJikanAnimeList(body)).toThrow(/'data\.0\.episodes' is missing/);
  });
});

describe('nextBroadcast', () => {
  const slot = { day: 'Mondays', time: '00:05', timezone: 'Asia/Tokyo' };

  it('gives the next Monday 00:05 JST (Sunday 15:05 UTC) after now', () => {
    // Wednesday 2025-01-15 12:00 UTC → next Monday 00:05 JST is 2025-01-19T15:05Z (Sunday UTC).
    expect(nextBroadcast(slot, Date.parse('2025-01-15T12:00:00Z'))).toBe('2025-01-19T15:05:00.000Z');
    // Exactly on the slot: that one; a minute later: the week after.
    expect(nextBroadcast(slot, Date.parse('2025-01-19T15:05:00Z'))).toBe('2025-01-19T15:05:00.000Z');
    expect(nextBroadcast(slot, Date.parse('2025-01-19T15:06:00Z'))).toBe('2025-01-26T15:05:00.000Z');
  });

  it('says nothing for an unknown slot or another time zone', () => {
    expect(nextBroadcast({ day: 'Mondays' }, 0)).toBeUndefined();
    expect(nextBroadcast({ ...slot, timezone: 'America/New_York' }, 0)).toBeUndefined();
    expect(nextBroadcast(undefined, 0)).toBeUndefined();
  });

  it('feeds airing.airingAt for a show Jikan marks as airing', () => {
    const [aot] = parseJikanAnimeList(fixture('getSeasonNow.json')).items;
    if (!aot) throw new Error('fixture has an item');
    const answer = buildJikanSourceAnime({ id: '48583', fields: ['airing'], record: aot, fetchedAt: '2025-01-15T12:00:00.000Z', stale: false, now: Date.parse('2025-01-15T12:00:00Z') });
    expect(answer.airing).toEqual({ airingAt: '2025-01-19T15:05:00.000Z' });
  });
});
