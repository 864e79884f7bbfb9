import { Module, type DynamicModule } from '@nestjs/common';
import { serviceHealthProvider } from '@anime/platform-runtime';
import { CatalogHandlers } from './catalog.handlers';
import { CatalogState } from './catalog-state';
import { ClipRuntime } from './clip-runtime';
import { HybridSearchUseCase } from './hybrid-search.usecase';
import { ImageSearchUseCase } from './image-search.usecase';
import { PlotHandlers } from './plot/plot.handlers';
import { PlotState } from './plot/plot-state';
import { SimilarAnimeUseCase } from './similar-anime.usecase';
import { VectorHandlers } from './vector.handlers';
import { VECTOR_SEARCH_ENV, type VectorSearchEnv } from './vector-search.env';

/**
 * The catalog index service: serves `catalog.v1.*` from the current dataset version — lexical
 * search, lookups, related, stats — and, with the version's CLIP vectors (embedded or Qdrant),
 * hybrid/semantic search, similar anime, and search by image or description.
 */
@Module({})
export class VectorSearchModule {
  static forRoot(env: VectorSearchEnv): DynamicModule {
    return {
      module: VectorSearchModule,
      providers: [
        { provide: VECTOR_SEARCH_ENV, useValue: env },
        CatalogState,
        CatalogHandlers,
        ClipRuntime,
        HybridSearchUseCase,
        ImageSearchUseCase,
        SimilarAnimeUseCase,
        VectorHandlers,
        PlotState,
        PlotHandlers,
        serviceHealthProvider('vector-search', [CatalogState, ClipRuntime], (state: CatalogState, clip: ClipRuntime) => [
          {
            name: 'dataset',
            run: () => {
              const status = state.status();
              return status.loaded ? { status: 'up', detail: status.version } : { status: 'down', detail: status.detail };
            },
          },
          {
            name: 'embeddings',
            run: () => {
              if (env.EMBEDDINGS === 'off') return { status: 'up', detail: 'off (EMBEDDINGS=off): lexical search only' };
              const encoder = clip.get();
              // EMBEDDINGS=auto without a model is a supported setup (lexical only), not a fault.
              if (!encoder) return { status: 'up', detail: `semantic and image search off: ${clip.unavailableReason()}` };
              const vectors = state.status().loaded ? state.current().vectors : undefined;
              if (vectors && 'missing' in vectors) return { status: 'degraded', detail: `${encoder.modelId} loaded, but ${vectors.missing}` };
              return { status: 'up', detail: `${encoder.modelId} (${encoder.dim}-d), ${vectors?.store?.kind ?? 'no'} vector store` };
            },
          },
        ]),
      ],
    };
  }
}
