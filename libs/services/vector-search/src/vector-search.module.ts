import { Module } from '@nestjs/common';
import { z } from 'zod';
import { ServiceHealthModule } from '@anime/platform-runtime';

/** Variables the vector-search service reads (merged into its app's env schema). */
export const VectorSearchEnvSchema = z.object({
  DATA_DIR: z.string().default('./data').describe('Embedded mode state: dataset versions, indexes'),
  QDRANT_URL: z.url().optional().describe('Distributed mode vector store; unset = embedded store'),
  CLIP_MODEL: z.string().default('Xenova/clip-vit-base-patch32').describe('Hub id or local model dir'),
  MODELS_DIR: z.string().default('./models'),
});
export type VectorSearchEnv = z.output<typeof VectorSearchEnvSchema>;

/**
 * The catalog index: lexical + CLIP vectors, filters, similar, by-image; embedded store or Qdrant.
 * Serves `health.v1.vector-search.get` now; its domain subjects (catalog.v1.*) arrive with issue #3, #6.
 */
@Module({ imports: [ServiceHealthModule.forService('vector-search')] })
export class VectorSearchModule {}
