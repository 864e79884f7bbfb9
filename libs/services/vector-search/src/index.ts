export { VectorSearchModule } from './vector-search.module';
export { VectorSearchEnvSchema } from './vector-search.env';
export type { VectorSearchEnv } from './vector-search.env';
export { buildCatalogView } from './catalog-view';
export type { CatalogView } from './catalog-view';
export { buildPlotDocuments } from './plot/plot-documents';
