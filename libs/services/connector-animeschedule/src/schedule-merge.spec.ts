import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnimeScheduleEntry } from '@anime/contracts';
import { expectEvery, sharedFixtures } from '@anime/testing';
import { parseAnimeScheduleTimetable } from './animeschedule-timetable.parser';
import { mergeSchedule, type MergeInput, type SourceAiring } from './merge-schedule';
import { countdown, renderLocal, resolveWindow } from './zoned-time';

const recorded = JSON.parse(readFileSync(join(sharedFixtures('animeschedule'), 'timetables_sub_2025-01-13.json'), 'utf8')) as Array<Record<string, unknown>>;
const WEEK = parseAnimeScheduleTimetable(recorded);
/** Wednesday 2025-01-15 12:00 UTC: inside the recorded week. */
const NOW = Date.parse('2025-01-15T12:00:00Z');
const WEEK_MS = 7 * 86_400_000;

const merge = (timezone: string, day: string, extra: Partial<MergeInput> = {}) =>
  mergeSchedule({ window: resolveWindow({ day }, timezone, NOW), now: NOW, timezone, airType: 'sub', platforms: [], animeschedule: WEEK, byMalId: new Map(), byRoute: new Map(), ...extra });
const line = (i: ReturnType<typeof merge>[number]): string => `${i.local.weekday} ${i.local.date} ${i.local.time} ${i.title} #${i.episode}`;

/** A recorded entry moved by whole weeks (the show's weekly slot), parsed like the original. */
function shifted(route: string, weeks: number): AnimeScheduleEntry {
  const raw = recorded.find((e) => e['route'] === route) as Record<string, unknown>;
  const at = new Date(Date.parse(raw['episodeDate'] as string) + weeks * WEEK_MS).toISOString();
  return parseAnimeScheduleTimetable([{ ...raw, episodeDate: at, episodeNumber: (raw['episodeNumber'] as number) + weeks }])[0] as AnimeScheduleEntry;
}

describe('the recorded week rendered per time zone, clock on Wednesday 2025-01-15 12:00 UTC', () => {
  it('Asia/Tokyo "tomorrow" is Thursday 16 JST, late-night slots also written the broadcast way ("24:30" Wednesday)', () => {
    const items = merge('Asia/Tokyo', 'tomorrow');
    expect(items.map(line)).toEqual([
      'Thursday 2025-01-16 00:30 Re:Zero kara Hajimeru Isekai Seikatsu 3 #9',
      'Thursday 2025-01-16 01:00 Izure Saikyou no Renkinjutsushi? #3',
      'Thursday 2025-01-16 01:30 Grisaia: Phantom Trigger THE ANIMATION (TV) #3',
      'Thursday 2025-01-16 02:00 Magic Maker: Isekai Mahou no Tsukurikata #2',
      'Thursday 2025-01-16 03:00 Ameku Takao no Suiri Karte #4',
      'Thursday 2025-01-16 03:25 Honey Lemon Soda #2',
      'Thursday 2025-01-16 22:01 Is It Wrong to Try to Pick Up Girls in a Dungeon? V: Goddess of Fertility Arc #12',
      'Thursday 2025-01-16 22:30 Arafou Otoko no Isekai Tsuuhan Seikatsu #2',
    ]);
    expect(items[0]?.local).toEqual({ date: '2025-01-16', weekday: 'Thursday', time: '00:30', broadcastDate: '2025-01-15', broadcastTime: '24:30' });
    expect(items[6]?.local.broadcastTime).toBeUndefined();
  });

  it('Europe/Berlin "tomorrow" holds the eleven Thursday slots, 14:01 to 20:00 CET', () => {
    const items = merge('Europe/Berlin', 'tomorrow');
    expect(items).toHaveLength(11);
    expect(items.map(line).slice(0, 2)).toEqual([
      'Thursday 2025-01-16 14:01 Is It Wrong to Try to Pick Up Girls in a Dungeon? V: Goddess of Fertility Arc #12',
      'Thursday 2025-01-16 14:30 Arafou Otoko no Isekai Tsuuhan Seikatsu #2',
    ]);
    expect(line(items[10] as (typeof items)[number])).toBe('Thursday 2025-01-16 20:00 Rurouni Kenshin: Meiji Kenkaku Romantan - Kyoto Douran #14');
    expect(items.every((i) => i.local.broadcastTime === undefined)).toBe(true);
  });

  it('America/Los_Angeles "tomorrow" adds the Chinese ONA released Friday 05:00 UTC: still Thursday 21:00 there', () => {
    const items = merge('America/Los_Angeles', 'tomorrow');
    expect(items).toHaveLength(12);
    expect(line(items[0] as (typeof items)[number])).toBe('Thursday 2025-01-16 05:01 Is It Wrong to Try to Pick Up Girls in a Dungeon? V: Goddess of Fertility Arc #12');
    expect(line(items[11] as (typeof items)[number])).toBe('Thursday 2025-01-16 21:00 Shiguang Dailiren: Yingdu Pian #4');
  });

  it('the same episode crosses midnight in one zone and not in another', () => {
    const linkClick = (tz: string, day: string) => merge(tz, day).find((i) => i.sources[0]?.sourceId === 'shi-guang-dai-li-ren-yingdu-pian');
    expect(linkClick('America/Los_Angeles', 'thursday')?.local).toMatchObject({ date: '2025-01-16', weekday: 'Thursday', time: '21:00' });
    expect(linkClick('America/Los_Angeles', 'friday')).toBeUndefined();
    expect(linkClick('Europe/Berlin', 'friday')?.local).toMatchObject({ date: '2025-01-17', weekday: 'Friday', time: '06:00' });
    expect(linkClick('Europe/Berlin', 'thursday')).toBeUndefined();
    expect(linkClick('Asia/Tokyo', 'friday')?.local).toMatchObject({ date: '2025-01-17', time: '14:00' });
  });

  it('counts down from the injected clock and marks each show\'s next episode', () => {
    const items = merge('Europe/Berlin', 'today');
    const reZero = items.find((i) => i.title.startsWith('Re:Zero'));
    expect(reZero).toMatchObject({ airingAt: '2025-01-15T15:30:00.000Z', countdown: { inSeconds: 12_600, text: 'in 3 h 30 min' }, nextEpisode: true });
    const ishura = items.find((i) => i.title.startsWith('Ishura'));
    expect(ishura).toMatchObject({ countdown: { inSeconds: 7_260, text: 'in 2 h 1 min' }, nextEpisode: true });
    const yesterday = merge('Europe/Berlin', 'yesterday');
    expectEvery(
      yesterday,
      (i) => {
        expect(i.countdown.inSeconds, i.title).toBeLessThan(0);
        expect(i.countdown.text, i.title).toMatch(/^aired /);
        expect(i.nextEpisode ?? false, i.title).toBe(false);
      },
      "yesterday's episodes",
    );
    expect(countdown(NOW + 2 * 86_400_000 + 4 * 3_600_000, NOW).text).toBe('in 2 d 4 h');
  });

  it('filters by normalised platform and by title', () => {
    const netflix = merge('UTC', 'saturday', { platforms: ['netflix'] });
    expect(netflix.map((i) => i.title)).toEqual(['Detective Conan', 'SAKAMOTO DAYS', 'Baban Baban Ban Vampire', 'Chi.: Chikyuu no Undou ni Tsuite']);
    const sakamoto = merge('UTC', 'saturday', { title: 'sakamoto' });
    expect(sakamoto.map((i) => `${i.title} ${i.platforms.join(',')}`)).toEqual(['SAKAMOTO DAYS netflix']);
  });
});

describe('DST: weekly JST slots seen from zones that change clocks (real entries shifted by whole weeks)', () => {
  it('SAKAMOTO DAYS, Saturdays 14:01 UTC: 06:01 in Los Angeles before 2025-03-09, 07:01 after', () => {
    const before = shifted('sakamoto-days', 7);
    const after = shifted('sakamoto-days', 8);
    const window = resolveWindow({ from: '2025-03-08T14:01:00Z', to: '2025-03-15T14:01:00Z' }, 'America/Los_Angeles', NOW);
    const items = mergeSchedule({ window, now: NOW, timezone: 'America/Los_Angeles', airType: 'sub', platforms: [], animeschedule: [before, after], byMalId: new Map(), byRoute: new Map() });
    expect(items.map(line)).toEqual(['Saturday 2025-03-08 06:01 SAKAMOTO DAYS #10', 'Saturday 2025-03-15 07:01 SAKAMOTO DAYS #11']);
    expect(renderLocal(Date.parse(before.airingAt as string), 'Asia/Tokyo').time).toBe(renderLocal(Date.parse(after.airingAt as string), 'Asia/Tokyo').time);
  });

  it('and 15:01 CET before Berlin\'s 2025-03-30 change, 16:01 CEST after', () => {
    expect(renderLocal(Date.parse(shifted('sakamoto-days', 10).airingAt as string), 'Europe/Berlin')).toMatchObject({ date: '2025-03-29', time: '15:01' });
    expect(renderLocal(Date.parse(shifted('sakamoto-days', 11).airingAt as string), 'Europe/Berlin')).toMatchObject({ date: '2025-04-05', time: '16:01' });
  });

  it('a change day is 23 or 25 hours long in the caller\'s zone', () => {
    const hours = (w: { from: number; to: number }): number => (w.to + 1 - w.from) / 3_600_000;
    expect(hours(resolveWindow({ day: '2025-03-09' }, 'America/Los_Angeles', NOW))).toBe(23);
    expect(hours(resolveWindow({ day: '2025-03-30' }, 'Europe/Berlin', NOW))).toBe(23);
    expect(hours(resolveWindow({ day: '2025-11-02' }, 'America/Los_Angeles', NOW))).toBe(25);
    expect(hours(resolveWindow({ day: '2025-03-30' }, 'Asia/Tokyo', NOW))).toBe(24);
  });
});

describe('merging with AniList and Jikan, keyed by catalog id', () => {
  // AiringItems as the AniList/Jikan contracts return them for two shows of the recorded week. The MAL
  // and AniList ids are the real ones (from the 2026 dataset); the broadcast times are the shows' JST
  // slots in that week, chosen (no AniList/Jikan recording of that week exists).
  const anilist: SourceAiring[] = [
    { sourceId: '177709', sourceUrl: 'https://anilist.co/anime/177709', title: 'SAKAMOTO DAYS', episode: 3, airingAt: '2025-01-18T14:00:00.000Z', malId: '58939' },
    { sourceId: '170916', sourceUrl: 'https://anilist.co/anime/170916', title: 'Mahoutsukai no Yakusoku', episode: 2, airingAt: '2025-01-13T15:30:00.000Z', malId: '57152' },
  ];
  const jikan: SourceAiring[] = [{ sourceId: '58939', sourceUrl: 'https://myanimelist.net/anime/58939', title: 'Sakamoto Days', airingAt: '2025-01-18T14:00:00.000Z', malId: '58939' }];
  const byMalId = new Map([
    ['mal:58939', { id: 'mal:58939', title: 'SAKAMOTO DAYS' }],
    ['mal:57152', { id: 'mal:57152', title: 'Mahoutsukai no Yakusoku' }],
  ]);
  const window = { from: Date.parse('2025-01-13T00:00:00Z'), to: Date.parse('2025-01-19T23:59:59Z') };
  const base = { window, now: NOW, timezone: 'UTC', platforms: [], anilist, jikan, byMalId, byRoute: new Map() } as const;

  it('joins each show once, AnimeSchedule\'s sub time leading, every source with its own time', () => {
    const items = mergeSchedule({ ...base, airType: 'sub', animeschedule: WEEK });
    expect(items).toHaveLength(67);
    const sakamoto = items.find((i) => i.animeId === 'mal:58939');
    expect(sakamoto).toMatchObject({ title: 'SAKAMOTO DAYS', episode: 3, airingAt: '2025-01-18T14:01:00.000Z', airType: 'sub', platforms: ['netflix'] });
    expect(sakamoto?.sources).toEqual([
      { name: 'animeschedule', sourceId: 'sakamoto-days', sourceUrl: 'https://animeschedule.net/anime/sakamoto-days', airingAt: '2025-01-18T14:01:00.000Z', airType: 'sub', episode: 3 },
      { name: 'anilist', sourceId: '177709', sourceUrl: 'https://anilist.co/anime/177709', airingAt: '2025-01-18T14:00:00.000Z', airType: 'raw', episode: 3 },
      { name: 'jikan', sourceId: '58939', sourceUrl: 'https://myanimelist.net/anime/58939', airingAt: '2025-01-18T14:00:00.000Z', airType: 'raw' },
    ]);
    // Mahoutsukai no Yakusoku matched through its romaji title on the catalog entry of its MAL id.
    expect(items.find((i) => i.animeId === 'mal:57152')?.sources.map((s) => s.name)).toEqual(['animeschedule', 'anilist']);
  });

  it('without AnimeSchedule the raw broadcasts still answer, AniList and Jikan merged into one item', () => {
    const items = mergeSchedule({ ...base, airType: 'sub', animeschedule: [] });
    expect(items.map((i) => `${i.title} ${i.airType} ${i.sources.map((s) => s.name).join('+')}`)).toEqual([
      'Mahoutsukai no Yakusoku raw anilist',
      'SAKAMOTO DAYS raw anilist+jikan',
    ]);
  });

  it('for dubs, an AniList episode never joins by time alone (dubs lag by weeks)', () => {
    const dub = WEEK.filter((e) => e.route === 'sakamoto-days').map((e) => ({ ...e, airType: 'dub' as const, episode: 1 }));
    const items = mergeSchedule({ ...base, airType: 'dub', animeschedule: dub, jikan: [] });
    expect(items.map((i) => `${i.title} #${i.episode} ${i.sources.map((s) => s.name).join('+')}`)).toEqual(['SAKAMOTO DAYS #1 animeschedule']);
  });
});

describe('request validation', () => {
  it('rejects an unknown day, both day and window, and a window longer than 7 days', () => {
    expect(() => resolveWindow({ day: 'someday' }, 'UTC', NOW)).toThrow(/Unknown day "someday"/u);
    expect(() => resolveWindow({ day: 'today', from: '2025-01-13T00:00:00Z', to: '2025-01-14T00:00:00Z' }, 'UTC', NOW)).toThrow(/either 'day' or 'from'\/'to'/u);
    expect(() => resolveWindow({ from: '2025-01-01T00:00:00Z', to: '2025-01-09T00:00:00Z' }, 'UTC', NOW)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => resolveWindow({ day: '2025-02-30' }, 'UTC', NOW)).toThrow(/Unknown day/u);
  });
});
