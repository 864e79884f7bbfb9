import type { Anime } from '@anime/contracts';
import type { FileDatasetStore, VersionChanges } from '@anime/catalog';
import { EmbeddedVectorWriter, QdrantVersionWriter, payloadOf, readVectorSet, type EmbeddedVectorStore, type QdrantOptions, type VectorRecord } from '@anime/search';

/** What the stage needs of a CLIP encoder (the real ClipEncoder; tests wrap it to count calls). */
export interface ClipLike {
  readonly modelId: string;
  readonly dim: number;
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  embedImages(images: Uint8Array[]): Promise<Float32Array[]>;
}

/** Dataset pictures by URL (allow-listed hosts, cached); undefined when the image cannot be had. */
export interface ImageSource {
  get(url: string): Promise<{ bytes: Uint8Array; hash: string } | undefined>;
}

export type ImageField = 'picture' | 'thumbnail';

export interface EmbedVersionOptions {
  store: FileDatasetStore;
  version: string;
  /** The version the unchanged vectors are carried over from. */
  previousVersion?: string;
  changes: VersionChanges;
  encoder: ClipLike;
  /** Makes the text CLIP sees for an entry. */
  textOf: (anime: Anime) => string;
  images: ImageSource;
  imageFields: readonly ImageField[];
  batchSize: number;
  /** Embedded files in the version folder, or a Qdrant collection per version. */
  qdrant?: QdrantOptions;
  onProgress?: (progress: { processed: number; total: number }) => void;
  signal?: AbortSignal;
}

export interface EmbedReport {
  model: string;
  /** Entries whose vectors were computed now. */
  embedded: number;
  /** Unchanged entries whose vectors came from the previous version. */
  carried: number;
  images: { embedded: number; missing: number };
}

/**
 * The embed stage of an update: computes CLIP vectors only for new/changed entries (and entries
 * the previous version had no vectors for, or all when the model changed), batched, with
 * progress; carries the rest over unchanged. A picture that cannot be fetched gives no vector.
 */
export async function embedVersion(options: EmbedVersionOptions): Promise<EmbedReport> {
  const { encoder, store } = options;
  const fresh = new Set([...options.changes.added, ...options.changes.changed]);
  const carry = await carrier(options);
  const toEmbed: Anime[] = [];
  const candidates: Anime[] = [];
  for await (const anime of store.entries(options.version)) {
    if (!fresh.has(anime.id) && carry.has(anime.id)) candidates.push(anime);
    else toEmbed.push(anime);
  }
  const carried = await carry.copy(candidates.map((a) => a.id));
  // Entries the previous store turned out not to hold are embedded after all.
  for (const anime of candidates) if (!carried.has(anime.id)) toEmbed.push(anime);

  const report: EmbedReport = { model: encoder.modelId, embedded: 0, carried: carried.size, images: { embedded: 0, missing: 0 } };
  options.onProgress?.({ processed: 0, total: toEmbed.length });
  for (let start = 0; start < toEmbed.length; start += options.batchSize) {
    options.signal?.throwIfAborted();
    const batch = toEmbed.slice(start, start + options.batchSize);
    const texts = await encoder.embedTexts(batch.map(options.textOf));
    const records: VectorRecord[] = batch.map((anime, i) => ({ payload: payloadOf(anime), vectors: { text: texts[i] as Float32Array } }));
    for (const field of options.imageFields) {
      const fetched = await Promise.all(batch.map((anime) => (anime[field] ? options.images.get(anime[field]) : Promise.resolve(undefined))));
      const present = fetched.flatMap((image, i) => (image ? [{ i, bytes: image.bytes }] : []));
      report.images.missing += batch.length - present.length;
      if (!present.length) continue;
      const vectors = await encoder.embedImages(present.map((p) => p.bytes));
      present.forEach((p, j) => ((records[p.i] as VectorRecord).vectors[field] = vectors[j] as Float32Array));
      report.images.embedded += present.length;
    }
    await carry.writer.add(records);
    report.embedded += batch.length;
    options.onProgress?.({ processed: report.embedded, total: toEmbed.length });
  }
  await carry.writer.finish();
  return report;
}

interface Carrier {
  writer: EmbeddedVectorWriter | QdrantVersionWriter;
  /** Whether the previous version may hold vectors for `id`. */
  has(id: string): boolean;
  /** Copies the vectors of `ids`; answers the ids actually copied. */
  copy(ids: string[]): Promise<Set<string>>;
}

/** The writer for the new version and access to the previous version's vectors (same model only). */
async function carrier(options: EmbedVersionOptions): Promise<Carrier> {
  const { encoder, store, previousVersion, qdrant } = options;
  if (qdrant) {
    const writer = new QdrantVersionWriter(qdrant, encoder.dim, options.version);
    const previous = previousVersion ? `${qdrant.prefix ?? 'anime'}-${previousVersion}` : undefined;
    const usable = previous !== undefined && (await writer.collectionExists(previous)) && (await writer.vectorSize(previous)) === encoder.dim;
    return {
      writer,
      has: () => usable,
      copy: async (ids) => (usable && ids.length ? writer.carry(previous as string, ids) : new Set()),
    };
  }
  const writer = new EmbeddedVectorWriter(store.versionPath(options.version), encoder.dim, encoder.modelId);
  const set = previousVersion ? await readVectorSet(store.versionPath(previousVersion)).catch(() => undefined) : undefined;
  const previous: EmbeddedVectorStore | undefined = set && set.manifest.modelId === encoder.modelId && set.manifest.dim === encoder.dim ? set.store : undefined;
  return {
    writer,
    has: (id) => previous?.rowIndex('text', id) !== undefined,
    copy: async (ids) => new Set(previous ? ids.filter((id) => writer.carry(id, previous)) : []),
  };
}
