import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UpstreamChangedError, ValidationError } from '@anime/contracts';
import { sharedFixtures } from '@anime/testing';
import { nextBroadcast } from './jikan-anime.parser';
import { parseJikanListPage } from './jikan-list.parser';
import { airingsInWindow, parseJikanSchedulePage, scheduleWeekdays, scheduleWindow } from './jikan-schedule.parser';

const fixture = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(sharedFixtures('jikan'), file), 'utf8')) as Record<string, unknown>;
const TUESDAY = 'anime-next_program_data.js__schedules_tuesday.json';
const win = (from: string, to: string): { from: number; to: number } => scheduleWindow(from, to);

describe('parseJikanListPage (recorded /anime?q=, /top/anime, /seasons/now)', () => {
  it('maps the /anime?q= hit: Akuma no Riddle special, 6.52 from 18674 votes, year from aired.from', () => {
    const page = parseJikanListPage(fixture('getAnimeSearch.json'));
    expect(page.hasNextPage).toBe(true);
    expect(page.items).toEqual([
      {
        sourceId: '24751',
        sourceUrl: 'https://myanimelist.net/anime/24751/Akuma_no_Riddle__Shousha_wa_Dare_Nukiuchi_Test',
        title: 'Akuma no Riddle: Shousha wa Dare? Nukiuchi Test',
        score: { value: 6.52, scale: 10, normalized: 6.52, votes: 18674 },
        episodes: 1,
        // Jikan's `year` is null for this special; aired.from is 2014-11-22.
        year: 2014,
        type: 'Special',
      },
    ]);
  });

  it('maps /top/anime: Fullmetal Alchemist: Brotherhood, 9.15, 64 episodes, 2009 TV', () => {
    const [fma] = parseJikanListPage(fixture('getTopAnime.json')).items;
    expect(fma).toEqual({
      sourceId: '5114',
      sourceUrl: 'https://myanimelist.net/anime/5114/Fullmetal_Alchemist__Brotherhood',
      title: 'Fullmetal Alchemist: Brotherhood',
      score: { value: 9.15, scale: 10, normalized: 9.15, votes: 1690301 },
      episodes: 64,
      year: 2009,
      type: 'TV',
    });
  });

  it('maps /seasons/now: Shingeki no Kyojin: The Final Season Part 2, episodes unknown (null)', () => {
    const [aot] = parseJikanListPage(fixture('getSeasonNow.json')).items;
    expect(aot).toEqual({
      sourceId: '48583',
      sourceUrl: 'https://myanimelist.net/anime/48583/Shingeki_no_Kyojin__The_Final_Season_Part_2',
      title: 'Shingeki no Kyojin: The Final Season Part 2',
      score: { value: 9.15, scale: 10, normalized: 9.15, votes: 154863 },
      episodes: null,
      year: 2022,
      type: 'TV',
    });
  });

  it('throws UpstreamChangedError naming the missing pagination or item field', () => {
    const noPagination = fixture('getTopAnime.json');
    delete noPagination['pagination'];
    expect(() => parseJikanListPage(noPagination)).toThrow(UpstreamChangedError);
    expect(() => parseJikanListPage(noPagination)).toThrow(/'pagination'/);
    const noTitle = fixture('getAnimeSearch.json');
    delete ((noTitle['data'] as Record<string, unknown>[])[0] as Record<string, unknown>)['title'];
    expect(() => parseJikanListPage(noTitle)).toThrow(/'data\.0\.title' is missing/);
  });
});

describe('schedules (recorded /schedules?filter=tuesday, 9 shows, summer 2024)', () => {
  const page = parseJikanSchedulePage(fixture(TUESDAY));

  it('keeps id, title, MAL URL and the JST slot of each entry', () => {
    expect(page.hasNextPage).toBe(false);
    expect(page.entries).toHaveLength(9);
    expect(page.entries[8]).toEqual({
      malId: 51122,
      title: 'Ookami to Koushinryou: Merchant Meets the Wise Wolf',
      url: 'https://myanimelist.net/anime/51122/Ookami_to_Koushinryou__Merchant_Meets_the_Wise_Wolf',
      broadcast: { day: 'Tuesdays', time: '01:30', timezone: 'Asia/Tokyo' },
    });
  });

  it('places all 9 in Tuesday 2024-07-09 (JST), in air-time order, JST → UTC', () => {
    const items = airingsInWindow(page.entries, win('2024-07-09T00:00:00+09:00', '2024-07-09T23:59:59+09:00'));
    expect(items.map((i) => [i.airingAt, i.malId, i.title])).toEqual([
      ['2024-07-08T15:00:00.000Z', '57567', 'Shy 2nd Season'],
      ['2024-07-08T16:30:00.000Z', '51122', 'Ookami to Koushinryou: Merchant Meets the Wise Wolf'],
      ['2024-07-08T17:00:00.000Z', '54913', 'Shinmai Ossan Boukensha, Saikyou Party ni Shinu hodo Kitaerarete Muteki ni Naru.'],
      ['2024-07-08T22:30:00.000Z', '41458', 'Origami Ninja Koyankinte'],
      ['2024-07-09T09:45:00.000Z', '42295', 'Fushigi Dagashiya: Zenitendou'],
      ['2024-07-09T13:30:00.000Z', '58926', 'Egumi Legacy'],
      ['2024-07-09T13:45:00.000Z', '57217', 'Katsute Mahou Shoujo to Aku wa Tekitai shiteita.'],
      ['2024-07-09T14:00:00.000Z', '58272', 'Boku no Tsuma wa Kanjou ga Nai'],
      ['2024-07-09T14:30:00.000Z', '52367', 'Isekai Shikkaku'],
    ]);
    expect(items[0]).toEqual({ sourceId: '57567', sourceUrl: 'https://myanimelist.net/anime/57567/Shy_2nd_Season', title: 'Shy 2nd Season', airingAt: '2024-07-08T15:00:00.000Z', malId: '57567' });
  });

  it('keeps only the slots inside the window (bounds inclusive)', () => {
    // 22:30 → 23:00 JST: Egumi Legacy (22:30), Katsute (22:45), Boku no Tsuma (23:00); not Isekai Shikkaku (23:30).
    const items = airingsInWindow(page.entries, win('2024-07-09T13:30:00Z', '2024-07-09T14:00:00Z'));
    expect(items.map((i) => i.malId)).toEqual(['58926', '57217', '58272']);
    // A week later the same slots recur; a 2-day window from Monday holds each show once.
    expect(airingsInWindow(page.entries, win('2024-07-15T00:00:00+09:00', '2024-07-16T23:59:59+09:00'))[0]?.airingAt).toBe('2024-07-15T15:00:00.000Z');
  });

  it('drops entries whose slot is unknown (recorded /schedules item with broadcast "Unknown")', () => {
    const hikari = parseJikanSchedulePage(fixture('getSchedules.json'));
    expect(hikari.entries).toEqual([{ malId: 49689, title: 'Hikari~be my light', url: 'https://myanimelist.net/anime/49689/Hikaribe_my_light' }]);
    expect(airingsInWindow(hikari.entries, win('2024-07-08T00:00:00Z', '2024-07-14T00:00:00Z'))).toEqual([]);
  });

  it('puts a JST late-night slot ("Tuesdays 25:00") on Wednesday 01:00 JST', () => {
    // Recorded Tuesday entry with its time changed to the late-night notation, to exercise it.
    const [shy] = page.entries;
    if (!shy) throw new Error('fixture has entries');
    const lateNight = { ...shy, broadcast: { day: 'Tuesdays', time: '25:00', timezone: 'Asia/Tokyo' } };
    // Wednesday 2024-07-10 00:30 JST: the slot is 30 minutes away, not next week.
    expect(nextBroadcast(lateNight.broadcast, Date.parse('2024-07-10T00:30:00+09:00'))).toBe('2024-07-09T16:00:00.000Z');
    const items = airingsInWindow([lateNight], win('2024-07-10T00:00:00+09:00', '2024-07-10T12:00:00+09:00'));
    expect(items.map((i) => i.airingAt)).toEqual(['2024-07-09T16:00:00.000Z']);
    // …so a window starting early on Wednesday must also read Tuesday's list.
    expect(scheduleWeekdays(win('2024-07-10T00:00:00+09:00', '2024-07-10T12:00:00+09:00'))).toEqual(['tuesday', 'wednesday']);
  });
});

describe('scheduleWeekdays / scheduleWindow', () => {
  it('maps a window to the Tokyo weekday lists that can hold its slots', () => {
    expect(scheduleWeekdays(win('2024-07-09T06:00:00+09:00', '2024-07-09T23:59:59+09:00'))).toEqual(['tuesday']);
    // From Tuesday 00:00 JST, Monday's late-night slots (24:00–29:59) could fall inside.
    expect(scheduleWeekdays(win('2024-07-09T00:00:00+09:00', '2024-07-09T23:59:59+09:00'))).toEqual(['monday', 'tuesday']);
    // A UTC day straddles two Tokyo days.
    expect(scheduleWeekdays(win('2024-07-09T12:00:00Z', '2024-07-09T20:00:00Z'))).toEqual(['tuesday', 'wednesday']);
    expect(scheduleWeekdays(win('2024-07-08T00:00:00Z', '2024-07-15T00:00:00Z'))).toEqual(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
  });

  it('rejects a reversed or longer-than-7-days window', () => {
    expect(() => scheduleWindow('2024-07-09T00:00:00Z', '2024-07-08T00:00:00Z')).toThrow(ValidationError);
    expect(() => scheduleWindow('2024-07-01T00:00:00Z', '2024-07-08T00:00:01Z')).toThrow(/longer than 7 days/);
    expect(scheduleWindow('2024-07-09T09:00:00+09:00', '2024-07-09T09:00:00+09:00')).toEqual({ from: Date.parse('2024-07-09T00:00:00Z'), to: Date.parse('2024-07-09T00:00:00Z') });
  });
});
