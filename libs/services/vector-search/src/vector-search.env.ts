import { z } from 'zod';

/** Variables the vector-search (catalog) service reads. */
export const VectorSearchEnvSchema = z.object({
  DATA_DIR: z.string().default('./data').describe('Dataset versions written by ingest (shared volume in distributed mode)'),
  CATALOG_RELOAD_POLL_MS: z.coerce.number().int().min(0).default(30_000).describe('How often to check for a new current version (0 = events only)'),
  QDRANT_URL: z.url().optional().describe('Distributed mode vector store; unset = embedded store (issue #6)'),
  CLIP_MODEL: z.string().default('Xenova/clip-vit-base-patch32').describe('Hub id or local model dir (issue #6)'),
  MODELS_DIR: z.string().default('./models'),
});
export type VectorSearchEnv = z.output<typeof VectorSearchEnvSchema>;
export const VECTOR_SEARCH_ENV = Symbol('VECTOR_SEARCH_ENV');
