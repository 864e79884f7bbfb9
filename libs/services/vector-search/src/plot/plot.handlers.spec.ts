import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PlotContracts } from '@anime/contracts';
import { AliasIndex, FileSynopsisStore, importSynopses, readCatalogEntries } from '@anime/catalog';
import { createLogger } from '@anime/platform-observability';
import { writeSampleRelease } from '@anime/testing';
import { buildCatalogView, type CatalogView } from '../catalog-view';
import type { CatalogState } from '../catalog-state';
import { VectorSearchEnvSchema } from '../vector-search.env';
import { PlotHandlers } from './plot.handlers';
import { PlotState } from './plot-state';

// The real 10-entry sample; synopses written for this test (no third-party text in the repository).
async function* lines(): AsyncGenerator<string> {
  yield JSON.stringify({ source: 'https://myanimelist.net/anime/1535', synopsis: 'A bored student finds a notebook that kills whoever is named in it, and a strange detective hunts him.' });
  yield JSON.stringify({ source: 'https://anilist.co/anime/1535', synopsis: 'A notebook of death falls into the hands of a top student.', fetchedAt: '2026-06-01T00:00:00Z' });
  yield JSON.stringify({ source: 'https://myanimelist.net/anime/121', synopsis: 'Two brothers pay a terrible price for trying to bring their mother back with alchemy.' });
  yield JSON.stringify({ source: 'https://myanimelist.net/anime/999999999', synopsis: 'Not in the catalog.' });
}

describe('catalog.v1.plot.search', () => {
  let handlers: PlotHandlers;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plot-'));
    const release = writeSampleRelease(join(dataDir, 'release.json'));
    const { entries } = await readCatalogEntries({ kind: 'file', path: release });
    const report = await importSynopses({ store: new FileSynopsisStore(dataDir), resolver: new AliasIndex(entries), lines: lines(), fetchedAt: '2026-07-01T00:00:00Z' });
    expect(report).toMatchObject({ added: 3, unmatched: 1 });
    const view: CatalogView = buildCatalogView(entries, { version: '2026-07-01-test', lastUpdate: '2026-07-01', source: release, quarantined: 0 });
    const catalog = { current: () => view, status: () => ({ loaded: true, version: view.dataset.version }), onLoaded: () => () => undefined } as unknown as CatalogState;
    const plot = new PlotState(VectorSearchEnvSchema.parse({ DATA_DIR: dataDir, CATALOG_RELOAD_POLL_MS: '0' }), createLogger({ service: 'test', level: 'silent' }), catalog);
    expect(() => plot.current()).toThrow(/not ready/);
    await plot.refresh();
    handlers = new PlotHandlers(catalog, plot);
  });

  it('answers a vague memory with the entry, a highlighted snippet from the preferred source (AniList over MAL) and a confidence', async () => {
    const out = PlotContracts.search.response.parse(await handlers.search(PlotContracts.search.request.parse({ text: 'i remember a show where a guy finds a notebook that kills people' })));
    expect(out.items[0]).toMatchObject({
      anime: { id: 'mal:1535', title: 'Death Note' },
      matchedIn: expect.arrayContaining(['synopsis']),
      snippet: { source: 'anilist', sourceUrl: 'https://anilist.co/anime/1535', language: 'en', fetchedAt: '2026-06-01T00:00:00Z' },
    });
    expect(out.items[0]?.snippet?.text).toContain('**notebook**');
    expect(out.index).toMatchObject({ entries: 10, synopses: 2, synopsisRevision: expect.any(String) });
    expect(out.confidenceLabel).toMatch(/high|medium|low/);
  });

  it('reads a rough year from the text as a soft preference, and refuses unknown fields', async () => {
    const out = await handlers.search(PlotContracts.search.request.parse({ text: 'brothers alchemy mother, early 2000s' }));
    expect(out.understood.yearHint).toMatchObject({ min: 2000, max: 2003 });
    expect(out.items[0]?.anime.id).toBe('mal:121');
    expect(PlotContracts.search.request.safeParse({ text: 'brothers alchemy', year: 2003 }).success).toBe(false);
  });
});
