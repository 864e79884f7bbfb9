import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SearchFiltersSchema, type Anime } from '@anime/contracts';
import { readCatalogEntries } from '@anime/catalog';
import { ClipEncoder, entryText } from '@anime/embeddings';
import { EmbeddedVectorStore, payloadOf } from '@anime/search';
import { expectEvery, makePoster, sharedData, writeSampleRelease, writeTinyClip } from '@anime/testing';
import type { CatalogState } from './catalog-state';
import { buildCatalogView, type CatalogView } from './catalog-view';
import type { ClipRuntime } from './clip-runtime';
import { HybridSearchUseCase } from './hybrid-search.usecase';
import { ImageSearchUseCase } from './image-search.usecase';
import { SimilarAnimeUseCase } from './similar-anime.usecase';
import { franchiseOf } from './vector-context';
import type { VectorSearchEnv } from './vector-search.env';

const env = { IMAGE_MATCH_MIN_SIMILARITY: 0.85 } as VectorSearchEnv;
/** The use cases only ask the state for the served view and the runtime for the encoder. */
const stateOf = (view: CatalogView) => ({ current: () => view }) as unknown as CatalogState;
const clipOf = (encoder: ClipEncoder | undefined) => ({ get: () => encoder, unavailableReason: () => 'CLIP model "x" not found offline' }) as unknown as ClipRuntime;

async function viewOf(path: string): Promise<{ view: CatalogView; entries: Anime[] }> {
  const { meta, entries } = await readCatalogEntries({ kind: 'file', path });
  return { view: buildCatalogView(entries, { version: '2025-01-01-test0001', lastUpdate: meta?.lastUpdate ?? '', source: path, quarantined: 0 }), entries };
}

describe('find similar anime on the 27k real 2026 entries (no vectors: tags, relations, studios)', () => {
  let view: CatalogView;
  let similar: SimilarAnimeUseCase;
  beforeAll(async () => {
    ({ view } = await viewOf(sharedData('anime-mapper-2026.jsonl')));
    similar = new SimilarAnimeUseCase(stateOf(view), clipOf(undefined));
  }, 60_000);

  it('leaves the whole franchise out when asked, and says why for every result', async () => {
    const target = view.index.search({ text: 'Naruto', limit: 1, sort: 'relevance', facets: false }).items[0]?.anime;
    const franchise = franchiseOf(view, target?.id as string);
    expect(franchise.size).toBeGreaterThan(5); // Shippuuden, movies, OVAs…
    const out = await similar.execute({ ref: 'Naruto', excludeFranchise: true, limit: 20 });
    expect(out.anime.id).toBe(target?.id);
    expect(out.items).toHaveLength(20);
    for (const item of out.items) {
      expect(franchise.has(item.anime.id), item.anime.title).toBe(false);
      expect(item.why.length).toBeGreaterThan(0);
    }
    expect(out.items[0]?.why.join(' ')).toMatch(/shares tags: /);
    expect(out.warnings.join(' ')).toContain('semantic search unavailable: CLIP model "x" not found offline');
  });

  it('keeps franchise entries by default, explained as such, and honours filters', async () => {
    const out = await similar.execute({ ref: 'Naruto', excludeFranchise: false, limit: 10 });
    const related = out.items.filter((i) => i.why.some((w) => w.startsWith('same franchise')));
    expect(related.length).toBeGreaterThan(0);
    const movies = await similar.execute({ ref: out.anime.id, excludeFranchise: true, limit: 5, filters: SearchFiltersSchema.parse({ types: ['MOVIE'] }) });
    expectEvery(movies.items, (item) => expect(item.anime.type, item.anime.title).toBe('MOVIE'), 'the MOVIE-filtered similar anime');
  });

  it('answers NOT_FOUND for an id the catalog lacks', async () => {
    await expect(similar.execute({ ref: 'mal:999999999', excludeFranchise: false, limit: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('vector search with the tiny CLIP on the real 2025 sample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vector-search-'));
  let clip: ClipEncoder;
  let view: CatalogView;
  let entries: Anime[];
  beforeAll(async () => {
    clip = await ClipEncoder.load({ model: await writeTinyClip(join(dir, 'clip')), modelsDir: join(dir, 'models'), allowRemote: false });
    const loaded = await viewOf(writeSampleRelease(join(dir, 'release.json')));
    entries = loaded.entries;
    const texts = await clip.embedTexts(entries.map(entryText));
    const pictures = await clip.embedImages(entries.map((_, i) => makePoster(i)));
    const store = EmbeddedVectorStore.fromRecords(clip.dim, entries.map((anime, i) => ({ payload: payloadOf(anime), vectors: { text: texts[i] as Float32Array, picture: pictures[i] as Float32Array } })));
    view = { ...loaded.view, vectors: { store, modelId: clip.modelId } };
  }, 60_000);
  afterAll(async () => clip?.dispose());

  it('finds the entry whose poster is sent, first, with a confident similarity', async () => {
    const images = new ImageSearchUseCase(stateOf(view), clipOf(clip), env);
    for (const i of [0, 3, 7]) {
      const out = await images.byImage({ image_base64: Buffer.from(makePoster(i)).toString('base64'), limit: 3 });
      expect(out.items[0]?.anime.id).toBe(entries[i]?.id);
      expect(out.items[0]?.similarity).toBeGreaterThan(0.98);
      expect(out.lowConfidence).toBe(false);
      expect(out.note).toBeUndefined();
    }
  });

  it('refuses bytes that are not an image, and says why semantic search is off', async () => {
    const images = new ImageSearchUseCase(stateOf(view), clipOf(clip), env);
    await expect(images.byImage({ image_base64: Buffer.from('hello, not a picture').toString('base64'), limit: 3 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const off = await new ImageSearchUseCase(stateOf(view), clipOf(undefined), env).byImage({ image_base64: Buffer.from(makePoster(1)).toString('base64'), limit: 3 });
    expect(off).toMatchObject({ items: [], lowConfidence: true, note: expect.stringContaining('Image search is unavailable') });
    expect(off.warnings[0]).toMatch(/^semantic search unavailable: CLIP model "x" not found offline/);
  });

  it('visually similar and similar leave the entry itself (and its franchise) out, with vector reasons', async () => {
    const images = new ImageSearchUseCase(stateOf(view), clipOf(clip), env);
    const visual = await images.visuallySimilar({ ref: entries[0]?.id as string, excludeFranchise: true, limit: 5 });
    const franchise = franchiseOf(view, entries[0]?.id as string);
    expectEvery(
      visual.items,
      (item) => {
        expect(franchise.has(item.anime.id), item.anime.title).toBe(false);
        expect(item.similarity).toBeTypeOf('number');
      },
      'the visually similar anime',
    );
    const similar = await new SimilarAnimeUseCase(stateOf(view), clipOf(clip)).execute({ ref: entries[0]?.title as string, excludeFranchise: false, limit: 5 });
    expect(similar.warnings).toEqual([]);
    expect(similar.items.map((i) => i.anime.id)).not.toContain(entries[0]?.id);
    // Each answer says the vectors brought it (the tags alone would not give a CLIP score).
    expectEvery(
      similar.items,
      (item) => {
        expect(item.similarity).toBeTypeOf('number');
        expect(item.why, item.anime.title).toContainEqual(expect.stringMatching(/^(similar (description|poster)|nearest by (description|poster) vector) \(CLIP -?\d\.\d\d\)$/));
      },
      'the similar anime',
    );
  });

  it('hybrid search keeps the exact title first and adds semantic matches; without a model it says so', async () => {
    const hybrid = new HybridSearchUseCase(stateOf(view), clipOf(clip));
    const out = await hybrid.execute({ text: 'Dandadan', limit: 5 });
    expect(out.items[0]?.anime.title).toBe('Dandadan');
    expect(out.items[0]?.matchedBy).toEqual(['title', 'semantic']);
    expect(out.items.some((i) => i.matchedBy?.join() === 'semantic')).toBe(true);
    expect(out.warnings).toBeUndefined();
    const lexicalOnly = await new HybridSearchUseCase(stateOf(view), clipOf(undefined)).execute({ text: 'Dandadan', limit: 5 });
    expect(lexicalOnly.items.map((i) => i.matchedBy)).toEqual(lexicalOnly.items.map(() => ['title']));
    expect(lexicalOnly.warnings?.[0]).toMatch(/^semantic search unavailable: CLIP model "x" not found offline/);
  });
});
