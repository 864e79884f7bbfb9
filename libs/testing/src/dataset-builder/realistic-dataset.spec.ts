import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManamiAnimeSchema } from '@anime/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEvery } from '../expect-every';
import { sharedData } from '../shared-data';
import {
  buildRealisticDataset,
  loadRealEntries,
  mulberry32,
  writeReleaseJson,
  writeReleaseJsonl,
  type DatasetRelease,
  type ManamiEntry,
} from './realistic-dataset';

const SIZE = 40_000;

/** The real URL shape of each of the 11 platforms (ids: positive integers, slugs, notify's 9-char ids). */
const PLATFORM_SHAPES: Readonly<Record<string, RegExp>> = {
  myanimelist: /^https:\/\/myanimelist\.net\/anime\/([1-9]\d*)$/,
  anilist: /^https:\/\/anilist\.co\/anime\/([1-9]\d*)$/,
  kitsu: /^https:\/\/kitsu\.(?:app|io)\/anime\/([1-9]\d*)$/,
  anidb: /^https:\/\/anidb\.net\/anime\/([1-9]\d*)$/,
  'anime-planet': /^https:\/\/anime-planet\.com\/anime\/([a-z0-9]+(?:-[a-z0-9]+)*)$/,
  anisearch: /^https:\/\/anisearch\.com\/anime\/([1-9]\d*)$/,
  livechart: /^https:\/\/livechart\.me\/anime\/([1-9]\d*)$/,
  'notify-moe': /^https:\/\/notify\.moe\/anime\/([A-Za-z0-9_-]{9})$/,
  simkl: /^https:\/\/simkl\.com\/anime\/([1-9]\d*)$/,
  animecountdown: /^https:\/\/animecountdown\.com\/([1-9]\d*)$/,
  animenewsnetwork: /^https:\/\/animenewsnetwork\.com\/encyclopedia\/anime\.php\?id=([1-9]\d*)$/,
};
const PICTURE = /^https:\/\/cdn\.myanimelist\.net\/images\/anime\/\d+\/\d+\.jpg$/;
const THUMBNAIL = /^https:\/\/cdn\.myanimelist\.net\/images\/anime\/\d+\/\d+t\.jpg$/;
const NO_PIC = 'https://raw.githubusercontent.com/manami-project/anime-offline-database/master/pics/no_pic.png';

function platformOf(url: string): { platform: string; id: string } | undefined {
  for (const [platform, shape] of Object.entries(PLATFORM_SHAPES)) {
    const match = shape.exec(url);
    if (match) return { platform, id: match[1]! };
  }
  return undefined;
}

const isSortedUnique = (items: readonly string[]): boolean => items.every((item, i) => i === 0 || items[i - 1]! < item);

describe('buildRealisticDataset (40k)', () => {
  let release: DatasetRelease;
  let data: ManamiEntry[];

  beforeAll(() => {
    release = buildRealisticDataset({ size: SIZE, seed: 42 });
    data = release.data;
  });

  // Its speed is measured by `npm run bench` (the 40k release it builds), not timed here: a wall-clock
  // budget in a unit test flakes on a busy CI worker (it did, twice).
  it('builds the requested size', () => {
    expect(data).toHaveLength(SIZE);
  });

  it('writes release metadata like the real dataset', () => {
    expect(release.meta).toEqual({
      $schema: 'https://raw.githubusercontent.com/manami-project/anime-offline-database/refs/tags/2026-27/schemas/anime-offline-database.schema.json',
      license: {
        name: 'Open Data Commons Open Database License (ODbL) v1.0 + Database Contents License (DbCL) v1.0',
        url: 'https://github.com/manami-project/anime-offline-database/blob/2026-27/LICENSE',
      },
      repository: 'https://github.com/manami-project/anime-offline-database',
      scoreRange: { minInclusive: 1, maxInclusive: 10 },
      lastUpdate: '2026-07-02',
    });
  });

  it('generates only entries valid against ManamiAnimeSchema', () => {
    const invalid = data.map((entry, i) => ({ i, result: ManamiAnimeSchema.safeParse(entry) })).filter(({ result }) => !result.success);
    expect(invalid.slice(0, 3).map(({ i, result }) => ({ i, entry: data[i], issues: result.error?.issues }))).toEqual([]);
  });

  it('keeps arrays sorted and unique, and names lower-case', () => {
    const unsorted = data.filter((e) =>
      [e.sources, e.synonyms, e.studios, e.producers, e.relatedAnime, e.tags].some((list) => !isSortedUnique(list)),
    );
    expect(unsorted.slice(0, 3)).toEqual([]);
    const upper = data.flatMap((e) => [...e.studios, ...e.producers, ...e.tags]).filter((name) => name !== name.toLowerCase());
    expect(upper.slice(0, 5)).toEqual([]);
  });

  it('links all 11 platforms, each URL in its real shape, ids unique per platform', () => {
    const ids = new Map<string, Set<string>>();
    const unknown: string[] = [];
    const duplicates: string[] = [];
    let total = 0;
    for (const entry of data) {
      for (const url of entry.sources) {
        const parsed = platformOf(url);
        if (!parsed) {
          unknown.push(url);
          continue;
        }
        let seen = ids.get(parsed.platform);
        if (!seen) ids.set(parsed.platform, (seen = new Set()));
        if (seen.has(parsed.id)) duplicates.push(url);
        seen.add(parsed.id);
        total++;
      }
    }
    expect(unknown.slice(0, 5)).toEqual([]);
    expect(duplicates.slice(0, 5)).toEqual([]);
    expect([...ids.keys()].sort()).toEqual(Object.keys(PLATFORM_SHAPES).sort());
    expect(total).toBeGreaterThan(SIZE * 5);
    // Some Kitsu URLs are still on the old host.
    expect(data.some((e) => e.sources.some((s) => s.startsWith('https://kitsu.io/')))).toBe(true);
  });

  it('puts nearly every entry on MyAnimeList, and every entry on at least one platform', () => {
    const withMal = data.filter((e) => e.sources.some((s) => s.startsWith('https://myanimelist.net/anime/'))).length;
    expect(withMal / SIZE).toBeGreaterThanOrEqual(0.9);
    expectEvery(data, (e) => expect(e.sources.length, e.title).toBeGreaterThan(0), 'the entries');
  });

  it('spreads years over 1917–2026 with the real skew', () => {
    const years = data.map((e) => e.animeSeason.year).filter((y): y is number => typeof y === 'number').sort((a, b) => a - b);
    expect(years[0]).toBeGreaterThanOrEqual(1917);
    expect(years[years.length - 1]).toBeLessThanOrEqual(2026);
    const median = years[years.length >> 1]!;
    expect(median).toBeGreaterThanOrEqual(2005);
    expect(median).toBeLessThanOrEqual(2020);
    expect(years.filter((y) => y >= 2000 && y <= 2025).length / years.length).toBeGreaterThan(0.6);
    // Unknown years: the key absent (JSONL releases) and null (2025 JSON) both occur, ~2 %.
    const absent = data.filter((e) => !('year' in e.animeSeason)).length;
    const nulls = data.filter((e) => e.animeSeason.year === null).length;
    expect(absent).toBeGreaterThan(0);
    expect(nulls).toBeGreaterThan(0);
    expect((absent + nulls) / SIZE).toBeLessThan(0.05);
  });

  it('follows the real shares of types, scores, durations and pictures', () => {
    const share = (predicate: (e: ManamiEntry) => boolean): number => data.filter(predicate).length / SIZE;
    expect(share((e) => e.type === 'TV')).toBeGreaterThan(0.25);
    expect(share((e) => e.type === 'TV')).toBeLessThan(0.35);
    expect(share((e) => e.type === 'SPECIAL')).toBeGreaterThan(0.2);
    expect(share((e) => e.score === undefined)).toBeGreaterThan(0.2);
    expect(share((e) => e.score === undefined)).toBeLessThan(0.4);
    expect(share((e) => e.duration === undefined)).toBeGreaterThan(0.25);
    expect(share((e) => e.duration === undefined)).toBeLessThan(0.5);
    expect(share((e) => e.status === 'FINISHED')).toBeGreaterThan(0.9);
    const badPictures = data.filter(
      (e) =>
        e.picture !== NO_PIC &&
        !(PICTURE.test(e.picture) && THUMBNAIL.test(e.thumbnail) && e.thumbnail === e.picture.replace(/\.jpg$/, 't.jpg')),
    );
    expect(badPictures.slice(0, 3)).toEqual([]);
    expect(share((e) => e.picture === NO_PIC)).toBeGreaterThan(0.01);
    expect(share((e) => e.picture === NO_PIC)).toBeLessThan(0.1);
  });

  it('writes synonyms in many scripts, with the real count spread', () => {
    const scripts: Readonly<Record<string, RegExp>> = {
      hangul: /\p{Script=Hangul}/u,
      kana: /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
      han: /\p{Script=Han}/u,
      cyrillic: /\p{Script=Cyrillic}/u,
      thai: /\p{Script=Thai}/u,
      greek: /\p{Script=Greek}/u,
      hebrew: /\p{Script=Hebrew}/u,
      arabic: /\p{Script=Arabic}/u,
    };
    const all = data.flatMap((e) => e.synonyms);
    const present = Object.entries(scripts).filter(([, re]) => all.some((s) => re.test(s))).map(([name]) => name);
    expect(present.length).toBeGreaterThanOrEqual(5);
    expect(all.some((s) => /^[\x20-\x7e]+$/.test(s))).toBe(true); // English
    const counts = data.map((e) => e.synonyms.length);
    expect(counts.filter((n) => n <= 3).length / SIZE).toBeGreaterThan(0.6);
    expect(counts.some((n) => n >= 10)).toBe(true);
    expect(counts.some((n) => n === 0)).toBe(true);
    expect(data.filter((e) => e.synonyms.includes(e.title)).map((e) => e.title)).toEqual([]);
  });

  it('groups entries into franchises whose related URLs resolve, plus a few dangling ones', () => {
    const bySource = new Map<string, number>();
    data.forEach((e, i) => e.sources.forEach((s) => bySource.set(s, i)));
    let resolving = 0;
    let dangling = 0;
    let selfLinks = 0;
    data.forEach((e, i) => {
      const targets = e.relatedAnime.map((url) => bySource.get(url));
      if (targets.some((t) => t !== undefined && t !== i)) resolving++;
      dangling += targets.filter((t) => t === undefined).length;
      if (targets.includes(i)) selfLinks++;
    });
    expect(selfLinks).toBe(0);
    expect(resolving / SIZE).toBeGreaterThanOrEqual(0.1);
    expect(dangling).toBeGreaterThan(0);
    // Sequels and side entries share the franchise's title.
    const sequel = data.find((e) => / (2nd|3rd) Season$/.test(e.title) && e.relatedAnime.some((u) => bySource.has(u)));
    expect(sequel).toBeDefined();
    const base = sequel?.title.replace(/ (2nd|3rd) Season$/, '') ?? '';
    const relatedTitles = (sequel?.relatedAnime ?? []).map((u) => bySource.get(u)).filter((t) => t !== undefined).map((t) => data[t]!.title);
    expect(relatedTitles.filter((t) => t.startsWith(base)), `titles related to ${sequel?.title}`).not.toEqual([]);
  });

  it('is deterministic: the same seed gives identical JSON', () => {
    const again = buildRealisticDataset({ size: SIZE, seed: 42 });
    expect(JSON.stringify(again) === JSON.stringify(release)).toBe(true);
  });
});

describe('buildRealisticDataset (options)', () => {
  it('differs for another seed', () => {
    const a = JSON.stringify(buildRealisticDataset({ size: 2_000, seed: 1 }));
    const b = JSON.stringify(buildRealisticDataset({ size: 2_000, seed: 2 }));
    expect(a).not.toBe(b);
  });

  it('mixes real entries in first and unchanged, never reusing their ids', () => {
    const real = loadRealEntries(sharedData('manami-sample-2025.json'));
    expect(real.length).toBeGreaterThan(0);
    const snapshot = JSON.stringify(real);
    const { data } = buildRealisticDataset({ size: 5_000, seed: 7, realEntries: real });
    expect(data).toHaveLength(5_000);
    expect(JSON.stringify(data.slice(0, real.length))).toBe(snapshot);
    expectEvery(data.slice(0, real.length), (entry, i) => expect(entry).toBe(real[i]), 'the real entries');

    const realUrls = new Set(real.flatMap((e) => [...e.sources, ...e.relatedAnime]));
    const realIds = new Set(real.flatMap((e) => e.sources.map(platformOf).filter((p) => p !== undefined).map((p) => `${p.platform}:${p.id}`)));
    const collisions = data.slice(real.length).flatMap((entry) =>
      entry.sources.filter((url) => {
        const parsed = platformOf(url);
        return realUrls.has(url) || (parsed !== undefined && realIds.has(`${parsed.platform}:${parsed.id}`));
      }),
    );
    expect(collisions).toEqual([]);
  });

  it('uses at most `size` real entries', () => {
    const real = loadRealEntries(sharedData('manami-sample-2025.json'));
    const { data } = buildRealisticDataset({ size: 3, realEntries: real });
    expect(data).toEqual(real.slice(0, 3));
  });

  it('rejects a bad size, date or real entry', () => {
    expect(() => buildRealisticDataset({ size: -1 })).toThrow(RangeError);
    expect(() => buildRealisticDataset({ size: 1.5 })).toThrow(RangeError);
    expect(() => buildRealisticDataset({ size: 1, lastUpdate: '2026/07/02' })).toThrow(RangeError);
    expect(() => buildRealisticDataset({ size: 2, realEntries: [{ title: 'no sources' }] })).toThrow(TypeError);
  });
});

describe('loadRealEntries', () => {
  it('reads a JSONL release, skipping its metadata line, up to a limit', () => {
    const entries = loadRealEntries(sharedData('anime-mapper-2026.jsonl'), 50);
    expect(entries).toHaveLength(50);
    for (const entry of entries) expect(ManamiAnimeSchema.safeParse(entry).success).toBe(true);
    expect(entries.some((e) => 'lastUpdate' in e)).toBe(false);
  });

  it('reads a bare JSON array', () => {
    const entries = loadRealEntries(sharedData('manami-sample-2025.json'), 4);
    expect(entries).toHaveLength(4);
    expect(entries[0]?.sources.length).toBeGreaterThan(0);
  });
});

describe('writing releases', () => {
  let dir: string;
  const release = buildRealisticDataset({ size: 3_000, seed: 3 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'realistic-dataset-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips JSONL: metadata line, then one entry per line', async () => {
    const file = join(dir, 'release.jsonl');
    await writeReleaseJsonl(release, file);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(release.data.length + 1);
    expect(JSON.parse(lines[0]!)).toEqual(release.meta);
    expect(lines.slice(1).map((l) => JSON.parse(l) as unknown)).toEqual(release.data);
    expect(loadRealEntries(file)).toEqual(release.data);
  });

  it('round-trips minified JSON: {..meta, data: [...]}', async () => {
    const file = join(dir, 'release.json');
    await writeReleaseJson(release, file);
    const text = await readFile(file, 'utf8');
    expect(text).toBe(JSON.stringify({ ...release.meta, data: release.data }));
    const { data, ...meta } = JSON.parse(text) as DatasetRelease['meta'] & { data: unknown };
    expect(meta).toEqual(release.meta);
    expect(data).toEqual(release.data);
    expect(loadRealEntries(file, 10)).toEqual(release.data.slice(0, 10));
  });

  it('rejects when the file cannot be written', async () => {
    await expect(writeReleaseJsonl(release, join(dir, 'missing', 'release.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});

describe('mulberry32', () => {
  it('is deterministic, in [0, 1), and does not cycle within 100k draws', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const seen = new Set<number>();
    let mismatches = 0;
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = a();
      if (x !== b()) mismatches++;
      if (!(x >= 0 && x < 1)) outOfRange++;
      seen.add(x);
    }
    expect(mismatches).toBe(0);
    expect(outOfRange).toBe(0);
    expect(seen.size).toBeGreaterThan(99_990);
    expect(mulberry32(124)()).not.toBe(mulberry32(123)());
  });
});
