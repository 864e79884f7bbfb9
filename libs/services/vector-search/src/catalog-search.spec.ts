import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SearchAnimeRequestSchema, type Anime } from '@anime/contracts';
import { readCatalogEntries } from '@anime/catalog';
import { expectEvery, sharedData, writeSampleRelease } from '@anime/testing';
import { buildCatalogView, type CatalogView } from './catalog-view';

const request = (input: Record<string, unknown>) => SearchAnimeRequestSchema.parse(input);
const top = (view: CatalogView, text: string, extra: Record<string, unknown> = {}) => view.index.search(request({ text, limit: 5, ...extra })).items;

/** The 2025 sample is a bare array; wrap it in the real release root object. */
function wrapSample(): string {
  return writeSampleRelease(join(mkdtempSync(join(tmpdir(), 'sample-')), 'anime-offline-database-minified.json'));
}

async function viewOf(path: string): Promise<{ view: CatalogView; entries: Anime[] }> {
  const { meta, entries, quarantined } = await readCatalogEntries({ kind: 'file', path });
  const view = buildCatalogView(entries, { version: 'test', lastUpdate: meta?.lastUpdate ?? '', source: path, quarantined: quarantined.length });
  return { view, entries };
}

describe('title search on the real 2025 sample', () => {
  let view: CatalogView;
  let entries: Anime[];
  beforeAll(async () => ({ view, entries } = await viewOf(wrapSample())));

  it('finds every entry top-1 by its title, and by case/punctuation variants of it', () => {
    expect(entries).toHaveLength(10);
    for (const anime of entries) {
      expect(top(view, anime.title)[0]?.anime.id, anime.title).toBe(anime.id);
      expect(top(view, anime.title.toUpperCase())[0]?.anime.id, anime.title.toUpperCase()).toBe(anime.id);
      const stripped = anime.title.replace(/[^\p{L}\p{N}]+/gu, ' ').toLowerCase();
      expect(top(view, stripped)[0]?.anime.id, stripped).toBe(anime.id);
    }
  });

  it('finds every entry top-1 by each of its Latin-script synonyms', () => {
    // A synonym another entry also carries (franchise names) cannot single one out.
    const pairs = entries.flatMap((anime) =>
      anime.synonyms
        .filter((s) => /^[\p{Script=Latin}\p{N}\p{P}\p{S}\s]+$/u.test(s))
        .filter((synonym) => entries.filter((e) => e.title === synonym || e.synonyms.includes(synonym)).length === 1)
        .map((synonym) => ({ anime, synonym })),
    );
    expect(pairs.length).toBeGreaterThan(20);
    expectEvery(pairs, ({ anime, synonym }) => expect(top(view, synonym)[0]?.anime.id, `${synonym} → ${anime.title}`).toBe(anime.id));
  });

  it('finds entries by non-Latin titles (kana/kanji, hangul)', () => {
    const dandadan = entries.find((e) => e.title === 'Dandadan');
    expect(dandadan).toBeDefined();
    const japanese = dandadan?.synonyms.find((s) => /\p{Script=Katakana}|\p{Script=Han}|\p{Script=Hiragana}/u.test(s));
    expect(japanese).toBeDefined();
    expect(top(view, japanese ?? '')[0]?.anime.title).toBe('Dandadan');
  });
});

describe('title search on 12k real MAL titles', () => {
  let view: CatalogView;
  let entries: Anime[];
  beforeAll(async () => ({ view, entries } = await viewOf(sharedData('mal-2016-derived.json'))), 60_000);

  it('tag filters (any / all / none, any case, unknown tags) select exactly the entries a scan of their tags selects', () => {
    const cases: Array<{ any?: string[]; all?: string[]; none?: string[] }> = [
      { any: ['Action', 'romance'] },
      { all: ['action', 'drama'] },
      { all: ['drama', 'action', 'school'] },
      { none: ['comedy'] },
      { any: ['no-such-tag'] },
      { all: ['action', 'no-such-tag'] },
      { any: ['action', 'no-such-tag'], none: ['mecha', 'Comedy'] },
    ];
    expectEvery(cases, (tags) => {
      const lower = (names?: string[]) => names?.map((t) => t.toLowerCase());
      const [any, all, none] = [lower(tags.any), lower(tags.all), lower(tags.none)];
      const expected = entries.filter((a) => {
        const own = new Set(a.tags.map((t) => t.toLowerCase()));
        return (!any || any.some((t) => own.has(t))) && (!all || all.every((t) => own.has(t))) && (!none || !none.some((t) => own.has(t)));
      });
      const found = view.index.search(request({ filters: { tags }, limit: 100 }));
      expect(found.total, JSON.stringify(tags)).toBe(expected.length);
      const wanted = new Set(expected.map((a) => a.id));
      expect(found.items.map((i) => i.anime.id).filter((id) => !wanted.has(id)), JSON.stringify(tags)).toEqual([]);
    });
    expect(entries.filter((a) => a.tags.some((t) => t.toLowerCase() === 'action')).length).toBeGreaterThan(100); // the cases are not vacuous
  });

  it.each([
    ['Steins;Gate', 'Steins;Gate'],
    ['steins gate', 'Steins;Gate'],
    ['Gintama', 'Gintama'],
    ['Death Note', 'Death Note'],
    ['death note', 'Death Note'],
    ['Naruto', 'Naruto'],
    ['One Piece', 'One Piece'],
    ['Fullmetal Alchemist Brotherhood', 'Fullmetal Alchemist: Brotherhood'],
    ['fullmetal alchemist brotherhod', 'Fullmetal Alchemist: Brotherhood'], // typo
    ['Shingeki no Kyojin', 'Shingeki no Kyojin'],
    ['shingeki no kyo', 'Shingeki no Kyojin'], // typing, prefix
    ['Code Geass', 'Code Geass: Hangyaku no Lelouch'],
    ['Cowboy Bebop', 'Cowboy Bebop'],
  ])('"%s" puts "%s" first (over its movies, specials and sequels)', (query, expected) => {
    const items = top(view, query);
    expect(items[0]?.anime.title, JSON.stringify(items.map((i) => i.anime.title))).toBe(expected);
  });

  it('filter-only results follow each sort both ways, page by page, with exact totals', () => {
    // (This MAL-derived set has no years: the year sort falls back to its tie order, still reversible.)
    const filters = { types: ['MOVIE'], tags: { any: ['drama'] } };
    const matching = entries.filter((a) => a.type === 'MOVIE' && a.tags.some((t) => t.toLowerCase() === 'drama'));
    expect(matching.length).toBeGreaterThan(150);
    const all = (sort: string, order: 'asc' | 'desc') => {
      const ids: Array<{ id: string; score: number | null }> = [];
      let cursor: string | undefined;
      do {
        const page = view.index.search(request({ filters, sort, order, limit: 60, ...(cursor ? { cursor } : {}) }));
        expect(page.total).toBe(matching.length);
        ids.push(...page.items.map((i) => ({ id: i.anime.id, score: i.anime.score })));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    for (const sort of ['relevance', 'score', 'year', 'title']) {
      const desc = all(sort, 'desc');
      const asc = all(sort, 'asc');
      expect(new Set(desc.map((x) => x.id))).toEqual(new Set(matching.map((a) => a.id)));
      expect(asc.map((x) => x.id), sort).toEqual([...desc].reverse().map((x) => x.id));
    }
    const byScore = all('score', 'desc').flatMap((x) => (x.score === null ? [] : [x.score]));
    expect(byScore).toEqual([...byScore].sort((a, b) => b - a));
  });

  it('filters by type, episodes, score and tags, with facets and cursor paging', () => {
    const first = view.index.search(
      request({ filters: { types: ['TV'], episodes: { min: 24, max: 26 }, score: { min: 8.5 }, tags: { all: ['action'], none: ['comedy'] } }, sort: 'score', limit: 5, facets: true }),
    );
    expect(first.total).toBeGreaterThan(5);
    expectEvery(first.items, (item) => {
      expect(item.anime.type).toBe('TV');
      expect(item.anime.episodes).toBeGreaterThanOrEqual(24);
      expect(item.anime.score).toBeGreaterThanOrEqual(8.5);
    });
    const scores = first.items.map((i) => i.anime.score ?? 0);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(first.facets?.type).toEqual([{ value: 'TV', count: first.total }]);
    const second = view.index.search(
      request({ filters: { types: ['TV'], episodes: { min: 24, max: 26 }, score: { min: 8.5 }, tags: { all: ['action'], none: ['comedy'] } }, sort: 'score', limit: 5, cursor: first.nextCursor }),
    );
    expect(second.items[0]?.anime.id).not.toBe(first.items[0]?.anime.id);
    expect(new Set([...first.items, ...second.items].map((i) => i.anime.id)).size).toBe(first.items.length + second.items.length);
    expect(() => view.index.search(request({ text: 'naruto', cursor: first.nextCursor }))).toThrow(/different query/);
  });
});
