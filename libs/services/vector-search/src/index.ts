export { VectorSearchModule, VectorSearchEnvSchema } from './vector-search.module';
export type { VectorSearchEnv } from './vector-search.module';
