import { Module, type DynamicModule } from '@nestjs/common';
import { serviceHealthProvider } from '@anime/platform-runtime';
import { CatalogHandlers } from './catalog.handlers';
import { CatalogState } from './catalog-state';
import { VECTOR_SEARCH_ENV, type VectorSearchEnv } from './vector-search.env';

/**
 * The catalog index service: serves `catalog.v1.*` from the current dataset version (lexical
 * search, lookups, related, stats). CLIP vectors, similar and by-image search arrive with issue #6.
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
        serviceHealthProvider('vector-search', [CatalogState], (state: CatalogState) => [
          {
            name: 'dataset',
            run: () => {
              const status = state.status();
              return status.loaded ? { status: 'up', detail: status.version } : { status: 'down', detail: status.detail };
            },
          },
        ]),
      ],
    };
  }
}
