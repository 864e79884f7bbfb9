import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ClipEncoder } from '@anime/embeddings';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { VECTOR_SEARCH_ENV, type VectorSearchEnv } from './vector-search.env';

/**
 * The CLIP encoder this replica queries with (text → vector, image → vector), loaded once at
 * boot per EMBEDDINGS: `auto` turns semantic search off — with the reason kept for health and
 * for answer warnings — when the model cannot be loaded, so `npm start` without a model works.
 */
@Injectable()
export class ClipRuntime implements OnApplicationBootstrap, OnModuleDestroy {
  private encoder?: ClipEncoder;
  private reason = 'the CLIP model is still loading';

  constructor(
    @Inject(VECTOR_SEARCH_ENV) private readonly env: VectorSearchEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.EMBEDDINGS === 'off') {
      this.reason = 'EMBEDDINGS=off';
      return;
    }
    try {
      this.encoder = await ClipEncoder.load({ model: this.env.CLIP_MODEL, modelsDir: this.env.MODELS_DIR, allowRemote: this.env.CLIP_ALLOW_REMOTE });
      this.logger.info({ model: this.encoder.modelId, dim: this.encoder.dim }, 'CLIP model loaded');
    } catch (error) {
      if (this.env.EMBEDDINGS === 'on') throw error;
      this.reason = `CLIP model "${this.env.CLIP_MODEL}" could not be loaded (${(error as Error).message})`;
      this.logger.warn({ model: this.env.CLIP_MODEL, reason: this.reason }, 'semantic search off');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.encoder?.dispose();
  }

  /** The encoder, or undefined with `unavailableReason()` saying why. */
  get(): ClipEncoder | undefined {
    return this.encoder;
  }

  unavailableReason(): string {
    return this.reason;
  }
}
