import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AliasIndex } from '../identity/alias-index';
import { importSynopses } from './import-synopses';
import { chooseSynopsis, FileSynopsisStore, type SynopsisRecord } from './synopsis-store';

// Texts here are written for the test (no third-party synopsis text in the repository).
const aliases = (redirects: Record<string, string> = {}) =>
  new AliasIndex(
    [
      {
        id: 'mal:100',
        platformIds: [
          { platform: 'myanimelist', id: '100', url: 'https://myanimelist.net/anime/100' },
          { platform: 'anilist', id: '900', url: 'https://anilist.co/anime/900' },
        ],
      },
      { id: 'mal:200', platformIds: [{ platform: 'myanimelist', id: '200', url: 'https://myanimelist.net/anime/200' }] },
    ],
    new Map(Object.entries(redirects)),
  );

async function* linesOf(...lines: unknown[]): AsyncGenerator<string> {
  for (const l of lines) yield typeof l === 'string' ? l : JSON.stringify(l);
}

const dirs: string[] = [];
const store = (): FileSynopsisStore => {
  const dir = mkdtempSync(join(tmpdir(), 'synopses-'));
  dirs.push(dir);
  return new FileSynopsisStore(dir);
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const now = () => new Date('2026-07-01T00:00:00Z');

describe('importSynopses', () => {
  it('maps each platform URL to the catalog id and keeps source, URL, language and fetch time', async () => {
    const s = store();
    const report = await importSynopses({
      store: s,
      resolver: aliases(),
      fetchedAt: '2026-06-15T00:00:00.000Z',
      now,
      lines: linesOf(
        { source: 'https://myanimelist.net/anime/100', synopsis: 'A lighthouse keeper befriends a whale.' },
        { source: 'https://anilist.co/anime/900', synopsis: 'A keeper of a lighthouse and a whale.', language: 'en', fetchedAt: '2026-06-20T10:00:00Z' },
        '',
        { source: 'https://myanimelist.net/anime/200', synopsis: 'Two rival bakers.', language: 'de' },
      ),
    });
    expect(report).toMatchObject({ read: 3, added: 3, updated: 0, unmatched: 0, invalid: 0, store: { records: 3, entries: 2 } });
    const records = [...(await s.load()).values()];
    expect(records.find((r) => r.key === 'anilist:900')).toEqual({
      key: 'anilist:900',
      id: 'mal:100',
      source: 'anilist',
      sourceUrl: 'https://anilist.co/anime/900',
      language: 'en',
      synopsis: 'A keeper of a lighthouse and a whale.',
      fetchedAt: '2026-06-20T10:00:00Z',
    });
    expect(records.find((r) => r.key === 'mal:200')).toMatchObject({ id: 'mal:200', language: 'de', fetchedAt: '2026-06-15T00:00:00.000Z' });
  });

  it('counts and samples unmatched and invalid lines (unknown fields refused), never dropping them silently', async () => {
    const report = await importSynopses({
      store: store(),
      resolver: aliases(),
      fetchedAt: '2026-06-15T00:00:00Z',
      now,
      lines: linesOf(
        { source: 'https://myanimelist.net/anime/999999', synopsis: 'Not in the catalog.' },
        { source: 'https://example.com/anime/1', synopsis: 'Not a platform.' },
        { source: 'https://myanimelist.net/anime/100', synopsis: 'Fine text.', rating: 9 },
        { source: 'https://myanimelist.net/anime/100', synopsis: '   ' },
        '{not json',
        { source: 'https://myanimelist.net/anime/100', synopsis: 'Fine text.' },
      ),
    });
    expect(report).toMatchObject({ read: 6, added: 1, unmatched: 1, invalid: 4 });
    expect(report.unmatchedSamples).toEqual([{ line: 1, source: 'https://myanimelist.net/anime/999999' }]);
    expect(report.invalidSamples.map((s) => s.line)).toEqual([2, 3, 4, 5]);
    expect(report.invalidSamples[1]?.reason).toMatch(/rating/);
    expect(report.invalidSamples[0]?.reason).toMatch(/not a page of a known anime platform/);
  });

  it('newest fetch wins within one source and language; a re-import carries records across imports', async () => {
    const s = store();
    const base = { store: s, resolver: aliases(), now, fetchedAt: '2026-06-01T00:00:00Z' };
    await importSynopses({ ...base, lines: linesOf({ source: 'https://myanimelist.net/anime/100', synopsis: 'Old text.' }, { source: 'https://myanimelist.net/anime/200', synopsis: 'Other.' }) });
    const newer = await importSynopses({
      ...base,
      lines: linesOf({ source: 'https://myanimelist.net/anime/100', synopsis: 'New text.', fetchedAt: '2026-06-10T00:00:00Z' }),
    });
    expect(newer).toMatchObject({ updated: 1, added: 0 });
    const older = await importSynopses({
      ...base,
      lines: linesOf({ source: 'https://myanimelist.net/anime/100', synopsis: 'Ancient text.', fetchedAt: '2025-01-01T00:00:00Z' }),
    });
    expect(older).toMatchObject({ older: 1, updated: 0, store: { records: 2 } });
    const all = await s.load();
    expect(all.get('mal:100|en')?.synopsis).toBe('New text.');
    expect(all.get('mal:200|en')?.synopsis).toBe('Other.');
    const meta = JSON.parse(await readFile(join(s.root, 'meta.json'), 'utf8')) as { revision: string };
    expect(meta.revision).toBe((await s.meta())?.revision);
  });

  it('resolves through redirects of retired ids', async () => {
    const s = store();
    const report = await importSynopses({
      store: s,
      resolver: aliases({ 'mal:300': 'mal:200' }),
      now,
      fetchedAt: '2026-06-01T00:00:00Z',
      lines: linesOf({ source: 'https://myanimelist.net/anime/300', synopsis: 'Merged upstream.' }),
    });
    expect(report.added).toBe(1);
    expect((await s.load()).get('mal:300|en')?.id).toBe('mal:200');
  });
});

describe('chooseSynopsis', () => {
  const rec = (source: SynopsisRecord['source'], fetchedAt: string, language = 'en'): SynopsisRecord => ({
    key: `${source}:1`,
    id: 'mal:1',
    source,
    sourceUrl: 'https://myanimelist.net/anime/1',
    language,
    synopsis: source,
    fetchedAt,
  });
  it('prefers AniList, then MyAnimeList, then Kitsu; the wanted language first', () => {
    expect(chooseSynopsis([rec('kitsu', '2026-01-01T00:00:00Z'), rec('myanimelist', '2020-01-01T00:00:00Z')])?.source).toBe('myanimelist');
    expect(chooseSynopsis([rec('myanimelist', '2026-01-01T00:00:00Z'), rec('anilist', '2020-01-01T00:00:00Z')])?.source).toBe('anilist');
    expect(chooseSynopsis([rec('anilist', '2026-01-01T00:00:00Z', 'de'), rec('kitsu', '2020-01-01T00:00:00Z')])?.source).toBe('kitsu');
    expect(chooseSynopsis([rec('anilist', '2026-01-01T00:00:00Z', 'de')])).toBeUndefined();
    expect(chooseSynopsis([rec('anisearch', '2026-01-01T00:00:00Z', 'de-DE')], 'de')?.source).toBe('anisearch');
  });
});
