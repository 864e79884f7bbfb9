import { z } from 'zod';

/** Variables the vector-search (catalog) service reads. */
export const VectorSearchEnvSchema = z.object({
  DATA_DIR: z.string().default('./data').describe('Dataset versions written by ingest (shared volume in distributed mode)'),
  CATALOG_RELOAD_POLL_MS: z.coerce.number().int().min(0).default(30_000).describe('How often to check for a new current version (0 = events only)'),
  QDRANT_URL: z.url().optional().describe('Distributed mode vector store; unset = the embedded store (vectors in DATA_DIR beside each version)'),
  QDRANT_API_KEY: z.string().optional().describe('Qdrant API key, when the server requires one'),
  QDRANT_COLLECTION_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/).default('anime').describe('Collections are <prefix>-<version>; the served alias is <prefix>'),
  EMBEDDINGS: z.enum(['auto', 'on', 'off']).default('auto').describe('auto = semantic/image search when the CLIP model loads; on = fail the boot without it; off = lexical only'),
  CLIP_MODEL: z.string().default('Xenova/clip-vit-base-patch32').describe('Hub id or local model dir'),
  MODELS_DIR: z.string().default('./models').describe('Model cache dir'),
  CLIP_ALLOW_REMOTE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Download CLIP_MODEL from the hub when it is not in MODELS_DIR (off: offline, local files only)'),
  IMAGE_MATCH_MIN_SIMILARITY: z.coerce.number().min(-1).max(1).default(0.85).describe('Below this best similarity, by-image answers say the match is weak'),
});
export type VectorSearchEnv = z.output<typeof VectorSearchEnvSchema>;
export const VECTOR_SEARCH_ENV = Symbol('VECTOR_SEARCH_ENV');
