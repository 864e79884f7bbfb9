import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DatasetVersionMeta, FileDatasetStore, VersionChanges } from '@anime/catalog';
import { ClipEncoder, DatasetImageFetcher, DEFAULT_IMAGE_HOSTS, entryText } from '@anime/embeddings';
import { QdrantVersionWriter, type QdrantOptions } from '@anime/search';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { INGEST_ENV, type IngestEnv } from '../ingest.env';
import { DATASET_STORE } from '../tokens';
import { embedVersion, type EmbedReport } from './embed-version';

/**
 * The embed stage of dataset updates, configured once per EMBEDDINGS: runs between "version
 * written" and "version current", so the vectors are in place before anyone serves the version.
 * In Qdrant mode it also moves the alias (on publish and on rollback).
 */
@Injectable()
export class EmbedStage implements OnApplicationBootstrap, OnModuleDestroy {
  private encoder?: ClipEncoder;
  private loading?: Promise<void>;
  private reason = 'the CLIP model is still loading';
  private readonly images: DatasetImageFetcher;
  private readonly qdrant?: QdrantOptions;

  constructor(
    @Inject(INGEST_ENV) private readonly env: IngestEnv,
    @Inject(DATASET_STORE) private readonly store: FileDatasetStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.images = new DatasetImageFetcher({
      allowHosts: env.IMAGE_HOSTS_ALLOW ?? DEFAULT_IMAGE_HOSTS,
      cacheDir: env.IMAGE_CACHE_DIR ?? join(env.DATA_DIR, 'image-cache'),
      concurrency: env.IMAGE_FETCH_CONCURRENCY,
    });
    this.qdrant = env.QDRANT_URL ? { url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY, prefix: env.QDRANT_COLLECTION_PREFIX, quantization: env.QDRANT_QUANTIZATION } : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.loaded();
  }

  /** Loads the encoder once; an update started during boot waits for it instead of skipping vectors. */
  private loaded(): Promise<void> {
    return (this.loading ??= this.load());
  }

  private async load(): Promise<void> {
    if (this.env.EMBEDDINGS === 'off') {
      this.reason = 'EMBEDDINGS=off';
      return;
    }
    try {
      this.encoder = await ClipEncoder.load({ model: this.env.CLIP_MODEL, modelsDir: this.env.MODELS_DIR, allowRemote: this.env.CLIP_ALLOW_REMOTE });
    } catch (error) {
      if (this.env.EMBEDDINGS === 'on') throw error;
      this.reason = `CLIP model "${this.env.CLIP_MODEL}" could not be loaded (${(error as Error).message})`;
      this.logger.warn({ reason: this.reason }, 'updates will not compute vectors');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.encoder?.dispose();
  }

  /** Whether updates compute vectors, or why not. */
  status(): { on: boolean; detail: string } {
    return this.encoder ? { on: true, detail: `${this.encoder.modelId}${this.qdrant ? ' → Qdrant' : ''}` } : { on: false, detail: this.reason };
  }

  /** Embeds a written (not yet current) version; undefined when embeddings are off. */
  async run(
    meta: DatasetVersionMeta,
    changes: VersionChanges,
    onProgress: (p: { processed: number; total: number }) => void,
    signal?: AbortSignal,
  ): Promise<EmbedReport | undefined> {
    await this.loaded();
    if (!this.encoder) return undefined;
    const started = Date.now();
    const report = await embedVersion({
      store: this.store,
      version: meta.version,
      previousVersion: meta.basedOn,
      changes,
      encoder: this.encoder,
      textOf: entryText,
      images: this.images,
      imageFields: this.env.EMBED_IMAGE_FIELDS,
      batchSize: this.env.EMBED_BATCH_SIZE,
      qdrant: this.qdrant,
      onProgress,
      signal,
    });
    if (this.qdrant) await QdrantVersionWriter.activate(this.qdrant, meta.version);
    this.logger.info({ version: meta.version, ...report, ms: Date.now() - started }, 'vectors computed');
    return report;
  }

  /** Points the Qdrant alias at `version` (rollback); nothing to do for embedded vectors. */
  async activate(version: string): Promise<void> {
    if (this.qdrant && this.encoder) await QdrantVersionWriter.activate(this.qdrant, version);
  }
}
