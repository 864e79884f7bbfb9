import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlotContracts } from '@anime/contracts';
import { AliasIndex, buildDatasetVersion, FileDatasetStore, FileSynopsisStore, importSynopses, parseReleaseSource, readCatalogEntries } from '@anime/catalog';
import type { EventBus } from '@anime/platform-messaging';
import { createLogger } from '@anime/platform-observability';
import { sampleEntries, writeRelease, writeSampleRelease } from '@anime/testing';
import { CatalogState } from '../catalog-state';
import { VectorSearchEnvSchema } from '../vector-search.env';
import { NO_SYNOPSES, PlotHandlers } from './plot.handlers';
import { PlotState } from './plot-state';

const logger = createLogger({ service: 'test', level: 'silent' });
/** The catalog only subscribes to dataset.published here; the test reloads it as the event would. */
const events = { subscribe: () => undefined } as unknown as EventBus;

// Written for this test (no third-party text in the repository).
async function* lines(): AsyncGenerator<string> {
  yield JSON.stringify({ source: 'https://myanimelist.net/anime/1535', synopsis: 'A bored student finds a notebook that kills whoever is named in it.' });
}

/** A data dir with one ingested version of the real 10-entry sample, as `npm run db:update` leaves it. */
async function dataDirWithVersion(): Promise<{ dataDir: string; store: FileDatasetStore }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plot-state-'));
  const store = new FileDatasetStore(dataDir);
  const file = writeSampleRelease(join(dataDir, 'release.json'));
  const result = await buildDatasetVersion({ store, source: parseReleaseSource(file), sourceLabel: file, tag: 'first' });
  expect(result.outcome).toBe('activated');
  return { dataDir, store };
}

function app(dataDir: string): { catalog: CatalogState; plot: PlotState; handlers: PlotHandlers } {
  // Poll off: only the catalog's load may trigger the build in these tests.
  const env = VectorSearchEnvSchema.parse({ DATA_DIR: dataDir, CATALOG_RELOAD_POLL_MS: '0', EMBEDDINGS: 'off' });
  const catalog = new CatalogState(env, logger, events);
  const plot = new PlotState(env, logger, catalog);
  return { catalog, plot, handlers: new PlotHandlers(catalog, plot) };
}

describe('plot index rebuild on catalog load (real CatalogState over an ingested data dir)', () => {
  it('builds the plot index as soon as the catalog finishes its boot load, with no plot call or poll', async () => {
    const { dataDir } = await dataDirWithVersion();
    const sample = await readCatalogEntries({ kind: 'file', path: join(dataDir, 'release.json') });
    await importSynopses({ store: new FileSynopsisStore(dataDir), resolver: new AliasIndex(sample.entries), lines: lines(), fetchedAt: '2026-07-01T00:00:00Z' });
    const { catalog, plot } = app(dataDir);
    // Nest may run the plot state's bootstrap before the catalog has loaded: it finds nothing to build.
    plot.onApplicationBootstrap();
    await plot.settled();
    expect(() => plot.current()).toThrow(/not ready/);

    await catalog.onApplicationBootstrap();
    await plot.settled(); // waits for a build already started; starts none
    const view = plot.current();
    expect(view.version).toBe(catalog.status().version);
    expect(view.index.synopses).toBe(1);
  });

  it('rebuilds for a newly activated version when the catalog reloads it (as on dataset.published)', async () => {
    const { dataDir, store } = await dataDirWithVersion();
    const { catalog, plot } = app(dataDir);
    await catalog.onApplicationBootstrap();
    await plot.settled();
    const first = plot.current().version;

    const changed = sampleEntries().map((e, i) => (i === 0 ? { ...(e as object), synonyms: ['A synonym added by the second release'] } : e));
    const file = writeRelease(join(dataDir, 'release-2.json'), changed, '2025-07-28');
    const second = await buildDatasetVersion({ store, source: parseReleaseSource(file), sourceLabel: file, tag: 'second', previous: await store.current() });
    expect(second.outcome).toBe('activated');
    await catalog.reload(second.meta.version);
    await plot.settled();
    expect(plot.current().version).toBe(second.meta.version);
    expect(plot.current().version).not.toBe(first);
  });

  it('answers the first plot call of a fresh replica (no NOT_READY), and without synopses says none were imported and how to import them', async () => {
    const { dataDir } = await dataDirWithVersion();
    const { catalog, handlers } = app(dataDir);
    await catalog.onApplicationBootstrap();
    const out = PlotContracts.search.response.parse(await handlers.search(PlotContracts.search.request.parse({ text: 'a student finds a notebook that kills people' })));
    expect(out.items).toEqual([]);
    expect(out.index).toMatchObject({ entries: 10, synopses: 0, synopsisRevision: null });
    expect(out.notice).toBe(NO_SYNOPSES);
    expect(out.notice).toContain('npm run db:enrich -- --file');
  });
});
