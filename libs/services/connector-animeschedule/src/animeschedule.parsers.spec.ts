import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedFixtures } from '@anime/testing';
import { parseAnimeScheduleAnime, parseAnimeScheduleSearch } from './animeschedule-anime.parser';
import { parseAnimeScheduleTimetable } from './animeschedule-timetable.parser';

const fixture = (file: string): unknown => JSON.parse(readFileSync(join(sharedFixtures('animeschedule'), file), 'utf8'));
const WEEK = 'timetables_sub_2025-01-13.json';
const BEBOP = 'animeschedule_cowboy_bebop_dump.json';

describe('AnimeSchedule timetable parser (recorded week of 2025-01-13, sub)', () => {
  const entries = parseAnimeScheduleTimetable(fixture(WEEK));

  it('maps all 67 entries with UTC times, episodes and normalised streams', () => {
    expect(entries).toHaveLength(67);
    expect(entries[0]).toEqual({
      route: 'watashi-no-shiawase-na-kekkon-2nd-season',
      sourceUrl: 'https://animeschedule.net/anime/watashi-no-shiawase-na-kekkon-2nd-season',
      title: 'Watashi no Shiawase na Kekkon 2nd Season',
      titles: { romaji: 'Watashi no Shiawase na Kekkon 2nd Season', english: 'My Happy Marriage Season 2', native: 'わたしの幸せな結婚 第二期' },
      episode: 2,
      episodes: 13,
      airingAt: '2025-01-13T13:31:00.000Z',
      airType: 'sub',
      lengthMin: 24,
      status: 'Ongoing',
      airingStatus: 'aired',
      streams: [{ platform: 'netflix', url: 'https://www.netflix.com/title/81564905' }],
      mediaTypes: ['tv'],
      donghua: false,
    });
  });

  it('treats 0001-01-01 as unknown: no delay object for an on-time show, null ends for a known delay', () => {
    expect(entries[0]?.delayed).toBeUndefined();
    const danmachi = entries.find((e) => e.route.startsWith('is-it-wrong-to-try-to-pick-up-girls'));
    // delayedUntil is the zero time in the recording: unknown, not the year 1.
    expect(danmachi?.delayed).toEqual({ text: 'Delayed', from: '2024-12-26T00:00:00.000Z', until: null });
    const reZero = entries.find((e) => e.route === 're-zero-kara-hajimeru-isekai-seikatsu-3');
    expect(reZero).toMatchObject({ episode: 9, airingStatus: 'delayed-air', delayed: { text: 'Cour Break', until: '2025-02-05T00:00:00.000Z' } });
    expect(JSON.stringify(entries)).not.toContain('0001-01-01');
  });

  it('keeps unknown counts as null (Detective Conan has no planned episode count) and marks donghua', () => {
    const conan = entries.find((e) => e.route === 'detective-conan');
    expect(conan).toMatchObject({ episode: 1150, episodes: null, lengthMin: 25 });
    expect(conan?.streams.map((s) => s.platform)).toEqual(['crunchyroll', 'amazon', 'netflix']);
    expect(entries.find((e) => e.donghua)?.route).toBe('shi-guang-dai-li-ren-yingdu-pian');
  });

  it('reads an empty week (null body) as no entries, and a changed shape as UPSTREAM_CHANGED', () => {
    expect(parseAnimeScheduleTimetable(null)).toEqual([]);
    expect(() => parseAnimeScheduleTimetable({ timetable: [] })).toThrow(expect.objectContaining({ code: 'UPSTREAM_CHANGED' }));
    expect(() => parseAnimeScheduleTimetable([{ title: 'x' }])).toThrow(/unexpected shape at '0.route'/u);
  });
});

describe('AnimeSchedule anime parser (recorded Cowboy Bebop object)', () => {
  it('maps titles, ids from websites, streams and unknown premieres', () => {
    const bebop = parseAnimeScheduleAnime(fixture(BEBOP));
    expect(bebop).toMatchObject({
      route: 'cowboy-bebop',
      sourceUrl: 'https://animeschedule.net/anime/cowboy-bebop',
      title: 'Cowboy Bebop',
      titles: { native: 'カウボーイビバップ' },
      episodes: 26,
      lengthMin: 24,
      status: 'Finished',
      year: 1998,
      season: 'Spring 1998',
      premier: '1998-04-02T16:00:00.000Z',
      // subPremier and dubPremier are 0001-01-01 in the recording: unknown.
      subPremier: null,
      dubPremier: null,
      times: { raw: '2020-06-14T16:00:00.000Z', sub: '2023-03-18T16:01:00.000Z', dub: '2023-03-18T16:01:00.000Z' },
      genres: ['Action', 'Adventure', 'Comedy', 'Drama', 'Sci-Fi', 'Space'],
      studios: ['Sunrise'],
      malId: '1',
      anilistId: '1',
    });
    expect(bebop.synopsis).toContain('Spike Spiegel');
    expect(bebop.streams.map((s) => s.platform)).toEqual(['crunchyroll', 'funimation', 'amazon', 'hulu', 'netflix', 'apple']);
    expect(bebop.streams[0]).toEqual({ platform: 'crunchyroll', url: 'https://www.crunchyroll.com/cowboy-bebop' });
  });

  it('maps a search page built from the recorded object (no search recording exists)', () => {
    expect(parseAnimeScheduleSearch({ page: 1, totalAmount: 1, anime: [fixture(BEBOP)] })).toEqual([
      { route: 'cowboy-bebop', sourceUrl: 'https://animeschedule.net/anime/cowboy-bebop', title: 'Cowboy Bebop', episodes: 26, year: 1998, status: 'Finished' },
    ]);
    expect(parseAnimeScheduleSearch({ anime: null })).toEqual([]);
  });
});
