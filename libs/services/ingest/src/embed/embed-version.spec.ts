import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDatasetVersion, FileDatasetStore, parseReleaseSource, type DatasetVersionMeta } from '@anime/catalog';
import { ClipEncoder, DatasetImageFetcher, entryText } from '@anime/embeddings';
import { readVectorSet } from '@anime/search';
import { sampleEntries, startPosterServer, writeRelease, writeTinyClip, type PosterServer } from '@anime/testing';
import { embedVersion, type ClipLike, type EmbedReport } from './embed-version';

type Entry = { title: string; picture: string; thumbnail: string; tags: string[] };

/** Counts what reaches the encoder: the point of the stage is to embed only what changed. */
class CountingEncoder implements ClipLike {
  texts: string[] = [];
  images = 0;
  constructor(private readonly inner: ClipEncoder) {}
  get modelId(): string {
    return this.inner.modelId;
  }
  get dim(): number {
    return this.inner.dim;
  }
  embedTexts(texts: string[]): Promise<Float32Array[]> {
    this.texts.push(...texts);
    return this.inner.embedTexts(texts);
  }
  embedImages(images: Uint8Array[]): Promise<Float32Array[]> {
    this.images += images.length;
    return this.inner.embedImages(images);
  }
}

describe('embed stage (tiny CLIP, real 2025 sample, posters from a local allow-listed server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'embed-stage-'));
  const store = new FileDatasetStore(join(dir, 'data'));
  let server: PosterServer;
  let host: string;
  let clip: ClipEncoder;
  let entries: Entry[];

  beforeAll(async () => {
    server = await startPosterServer();
    host = server.host;
    clip = await ClipEncoder.load({ model: await writeTinyClip(join(dir, 'clip')), modelsDir: join(dir, 'models'), allowRemote: false });
    // Real entries; pictures moved to the local server, the last one to a path that 404s.
    entries = (sampleEntries() as Entry[]).map((e, i) => ({ ...e, picture: `http://${host}/posters/${i === 9 ? 'gone' : i}.png`, thumbnail: `http://${host}/posters/${i}.png` }));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await clip?.dispose();
  });

  async function update(data: Entry[], lastUpdate: string, previous: DatasetVersionMeta | undefined, encoder: CountingEncoder): Promise<{ meta: DatasetVersionMeta; report: EmbedReport; progress: number[] }> {
    const file = writeRelease(join(dir, `release-${lastUpdate}.json`), data, lastUpdate);
    const images = new DatasetImageFetcher({ allowHosts: [host], cacheDir: join(dir, 'image-cache') });
    let report: EmbedReport | undefined;
    const progress: number[] = [];
    const result = await buildDatasetVersion({
      store,
      source: parseReleaseSource(file),
      sourceLabel: file,
      tag: lastUpdate,
      previous,
      beforeActivate: async (meta, changes) => {
        report = await embedVersion({
          store, version: meta.version, previousVersion: previous?.version, changes, encoder, textOf: entryText, images, imageFields: ['picture'], batchSize: 4,
          onProgress: (p) => progress.push(p.processed),
        });
      },
    });
    expect(result.outcome).toBe('activated');
    return { meta: result.meta, report: report as EmbedReport, progress };
  }

  it('embeds every entry of a first version; a picture that cannot be fetched gives no vector', async () => {
    const encoder = new CountingEncoder(clip);
    const { meta, report, progress } = await update(entries, '2025-07-21', undefined, encoder);
    expect(report).toMatchObject({ embedded: 10, carried: 0, images: { embedded: 9, missing: 1 } });
    expect(encoder.texts).toHaveLength(10);
    expect(encoder.images).toBe(9);
    expect(progress).toEqual([0, 4, 8, 10]);
    const set = await readVectorSet(store.versionPath(meta.version));
    expect(set?.manifest).toMatchObject({ dim: 512, modelId: clip.modelId, spaces: { text: { count: 10 }, picture: { count: 9 } } });
    const ids = await ids2titles(meta.version);
    const gone = ids.find(([, title]) => title === entries[9]?.title)?.[0] as string;
    expect(await set?.store.vector(gone, 'picture')).toBeUndefined();
    expect(await set?.store.vector(gone, 'text')).toBeDefined();
  });

  it('re-embeds only the changed entry of the next version and carries the rest over bit for bit', async () => {
    const previous = (await store.current()) as DatasetVersionMeta;
    const changed = entries.map((e, i) => (i === 2 ? { ...e, tags: [...e.tags, 'mecha'] } : e));
    const encoder = new CountingEncoder(clip);
    const { meta, report } = await update(changed, '2025-07-28', previous, encoder);
    expect(report).toMatchObject({ embedded: 1, carried: 9, images: { embedded: 1, missing: 0 } });
    expect(encoder.texts).toEqual([entryText((await entryOf(meta.version, entries[2]?.title as string)) as never)]);
    const before = await readVectorSet(store.versionPath(previous.version));
    const after = await readVectorSet(store.versionPath(meta.version));
    const [unchangedId] = (await ids2titles(meta.version)).find(([, t]) => t === entries[0]?.title) as [string, string];
    expect(Array.from((await after?.store.vector(unchangedId, 'text')) as Float32Array)).toEqual(Array.from((await before?.store.vector(unchangedId, 'text')) as Float32Array));
    expect(after?.manifest.spaces).toEqual({ text: { count: 10 }, picture: { count: 9 } });
  });

  async function ids2titles(version: string): Promise<Array<[string, string]>> {
    const out: Array<[string, string]> = [];
    for await (const anime of store.entries(version)) out.push([anime.id, anime.title]);
    return out;
  }
  async function entryOf(version: string, title: string) {
    for await (const anime of store.entries(version)) if (anime.title === title) return anime;
    return undefined;
  }
});
