import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectEvery, sharedData } from '@anime/testing';
import { PLATFORMS } from '@anime/contracts';
import { AliasIndex } from './alias-index';
import { assignStableIds, prepareEntry, toAnime, type PreparedEntry } from './catalog-entries';
import { parseAnimeRef, parseSourceUrl } from './source-url';

const sample = JSON.parse(readFileSync(sharedData('manami-sample-2025.json'), 'utf8')) as Array<Record<string, unknown>>;

const prepared = (raw: unknown): PreparedEntry => {
  const result = prepareEntry(raw, 0);
  if (!result.ok) throw new Error(result.quarantined.reason);
  return result.entry;
};

/** A minimal valid manami entry with the given sources. */
const entry = (title: string, sources: string[]): Record<string, unknown> => ({
  ...sample[0],
  title,
  sources,
  synonyms: [],
  relatedAnime: [],
});

describe('source URLs', () => {
  it.each([
    ['https://myanimelist.net/anime/57334', 'myanimelist', '57334'],
    ['https://anilist.co/anime/171018', 'anilist', '171018'],
    ['https://kitsu.app/anime/48269', 'kitsu', '48269'],
    ['https://kitsu.io/anime/1', 'kitsu', '1'],
    ['https://anidb.net/anime/18290', 'anidb', '18290'],
    ['https://anime-planet.com/anime/dandadan', 'anime-planet', 'dandadan'],
    ['https://www.anime-planet.com/anime/Death-Note', 'anime-planet', 'death-note'],
    ['https://anisearch.com/anime/18878', 'anisearch', '18878'],
    ['https://livechart.me/anime/12428', 'livechart', '12428'],
    ['https://notify.moe/anime/-CDWbtvSR', 'notify-moe', '-CDWbtvSR'],
    ['https://simkl.com/anime/2308514', 'simkl', '2308514'],
    ['https://animecountdown.com/2308514', 'animecountdown', '2308514'],
    ['https://animenewsnetwork.com/encyclopedia/anime.php?id=30869', 'animenewsnetwork', '30869'],
    ['http://www.animenewsnetwork.com/encyclopedia/anime.php?id=6592', 'animenewsnetwork', '6592'],
  ])('%s → %s %s', (url, platform, id) => {
    expect(parseSourceUrl(url)).toEqual({ platform, id, url });
  });

  it('parses every source URL of every real sample entry, covering all 11 platforms', () => {
    const platforms = new Set<string>();
    expectEvery(
      sample,
      (raw) =>
        expectEvery(
          raw['sources'] as string[],
          (url) => {
            const parsed = parseSourceUrl(url);
            expect(parsed, url).toBeDefined();
            platforms.add(parsed?.platform ?? '');
          },
          `the sources of ${String(raw['title'])}`,
        ),
      'the sample',
    );
    expect([...platforms].sort()).toEqual([...PLATFORMS].sort());
  });

  it('refuses URLs that are not anime pages of a known platform', () => {
    expect(parseSourceUrl('https://myanimelist.net/manga/1')).toBeUndefined();
    expect(parseSourceUrl('https://example.com/anime/1')).toBeUndefined();
    expect(parseSourceUrl('https://animenewsnetwork.com/encyclopedia/manga.php?id=1')).toBeUndefined();
    expect(parseSourceUrl('not a url')).toBeUndefined();
  });
});

describe('references', () => {
  it('understands ids, platform ids with any usual prefix, and URLs', () => {
    expect(parseAnimeRef('mal:1535')).toMatchObject({ kind: 'key', key: 'mal:1535' });
    expect(parseAnimeRef('MyAnimeList:1535')).toMatchObject({ kind: 'key', key: 'mal:1535' });
    expect(parseAnimeRef('MAL 1535')).toMatchObject({ kind: 'key', key: 'mal:1535' });
    expect(parseAnimeRef('anime-planet:Death-Note')).toMatchObject({ kind: 'key', key: 'animeplanet:death-note' });
    expect(parseAnimeRef('https://kitsu.io/anime/1')).toMatchObject({ kind: 'key', key: 'kitsu:1' });
  });

  it('explains what is wrong with a bad reference', () => {
    expect(parseAnimeRef('1535')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('mal:1535') });
    expect(parseAnimeRef('crunchyroll:1')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('unknown platform') });
  });
});

describe('stable ids', () => {
  it('gives each real entry its MAL id, else the next platform by priority', () => {
    const entries = sample.map(prepared);
    const { ids } = assignStableIds(entries);
    expect(ids[0]).toBe('mal:57334'); // Dandadan
    expect(new Set(ids).size).toBe(ids.length);
    expect(assignStableIds([prepared(entry('No MAL', ['https://kitsu.app/anime/7', 'https://anilist.co/anime/99']))]).ids).toEqual(['anilist:99']);
  });

  it('finds every real entry by its id, every platform id and every source URL', () => {
    const entries = sample.map(prepared);
    const { ids } = assignStableIds(entries);
    const index = new AliasIndex(entries.map((e, i) => toAnime(e, ids[i] as string)));
    expectEvery(
      entries,
      (e, i) => {
        expect(index.resolve(ids[i] as string)).toEqual({ ok: true, id: ids[i] });
        expectEvery(e.manami.sources, (url) => expect(index.resolve(url), url).toEqual({ ok: true, id: ids[i] }), `the sources of ${e.manami.title}`);
        expectEvery(e.platformIds, (p) => expect(index.resolve(`${p.platform}:${p.id}`)).toEqual({ ok: true, id: ids[i] }), `the platform ids of ${e.manami.title}`);
      },
      'the sample',
    );
    expect(index.resolve('mal:999999999')).toMatchObject({ ok: false, reason: expect.stringContaining('mal:999999999') });
  });

  it('keeps an id when its entry gains a higher-priority source', () => {
    const before = assignStableIds([prepared(entry('A', ['https://anilist.co/anime/5']))]);
    expect(before.ids).toEqual(['anilist:5']);
    const previous = { idByKey: new Map([['anilist:5', 'anilist:5']]) };
    const after = assignStableIds([prepared(entry('A', ['https://anilist.co/anime/5', 'https://myanimelist.net/anime/77']))], previous);
    expect(after.ids).toEqual(['anilist:5']);
  });

  it('keeps ids stable through an upstream merge and redirects the retired id', () => {
    // v1: two entries; v2: upstream merged them into one (sources united).
    const v1 = [prepared(entry('A', ['https://myanimelist.net/anime/1', 'https://anidb.net/anime/10'])), prepared(entry('B', ['https://anilist.co/anime/2']))];
    const first = assignStableIds(v1);
    expect(first.ids).toEqual(['mal:1', 'anilist:2']);
    const previous = new AliasIndex(v1.map((e, i) => toAnime(e, first.ids[i] as string)));
    const v2 = [
      prepared(entry('Other', ['https://myanimelist.net/anime/3'])),
      prepared(entry('A+B', ['https://anidb.net/anime/10', 'https://anilist.co/anime/2', 'https://myanimelist.net/anime/1'])),
    ];
    const second = assignStableIds(v2, { idByKey: previous.keyMap() });
    expect(second.ids).toEqual(['mal:3', 'mal:1']);
    expect(second.redirects.get('anilist:2')).toBe('mal:1');
    const now = new AliasIndex(v2.map((e, i) => toAnime(e, second.ids[i] as string)), second.redirects);
    expect(now.resolve('anilist:2')).toEqual({ ok: true, id: 'mal:1' });
  });

  it('keeps each part of an upstream split on the id of the key it still has', () => {
    const v1 = [prepared(entry('A', ['https://myanimelist.net/anime/1', 'https://anilist.co/anime/5']))];
    const first = assignStableIds(v1);
    const previous = { idByKey: new AliasIndex(v1.map((e, i) => toAnime(e, first.ids[i] as string))).keyMap() };
    const v2 = [prepared(entry('A2', ['https://anilist.co/anime/5'])), prepared(entry('A1', ['https://myanimelist.net/anime/1']))];
    expect(assignStableIds(v2, previous).ids).toEqual(['anilist:5', 'mal:1']);
  });
});

describe('validation', () => {
  it('quarantines invalid entries with their reason', () => {
    const bad = prepareEntry({ ...sample[1], type: 'SERIES', episodes: -3 }, 7);
    expect(bad).toMatchObject({ ok: false, quarantined: { index: 7, title: sample[1]?.['title'] } });
    const reason = bad.ok ? '' : bad.quarantined.reason;
    expect(reason).toContain('type');
    expect(reason).toContain('episodes');
    const noSources = prepareEntry(entry('X', ['https://example.com/anime/1']), 3);
    expect(noSources).toMatchObject({ ok: false, quarantined: { reason: expect.stringContaining('no source URL of a known platform') } });
    expect(prepareEntry({ __invalidJson: true, line: '{"title": "Bro', error: 'Unexpected end' }, 9)).toMatchObject({
      ok: false,
      quarantined: { index: 9, reason: expect.stringContaining('not valid JSON') },
    });
  });

  it('treats null duration/score/year as unknown: absent, not null', () => {
    // The real sample's Infinity Castle movie (not yet aired in 2025) has all three null.
    const unaired = sample.find((e) => e['duration'] === null && e['score'] === null && (e['animeSeason'] as { year: unknown }).year === null);
    expect(unaired?.['title']).toBe('Demon Slayer: Kimetsu no Yaiba Movie - Infinity Castle: Part 2');
    const anime = toAnime(prepared(unaired), 'mal:1');
    expect(anime).not.toHaveProperty('duration');
    expect(anime).not.toHaveProperty('score');
    expect(anime.animeSeason).not.toHaveProperty('year');
    expect(anime.animeSeason).toEqual({ season: 'UNDEFINED' });
    // Known values are kept as they are.
    const aired = toAnime(prepared(sample[0]), 'mal:57334');
    expect(aired).toMatchObject({ duration: { value: 1380, unit: 'SECONDS' }, score: { median: expect.any(Number) }, animeSeason: { season: 'FALL', year: 2024 } });
  });
});
