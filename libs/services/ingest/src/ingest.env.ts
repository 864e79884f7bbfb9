import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { envBoolean } from '@anime/platform-config';

/** The dataset's own release downloads (every file of every release). */
export const DEFAULT_SOURCE_ALLOW = 'https://github.com/manami-project/anime-offline-database/releases/';

/** Variables the ingest service reads. */
export const IngestEnvSchema = z.object({
  ANIME_DB_SOURCE: z
    .string()
    .default('https://github.com/manami-project/anime-offline-database/releases/latest/download/anime-offline-database-minified.json')
    .describe('Dataset URL or local file path (.json, .jsonl, .zst, .gz)'),
  ANIME_DB_SOURCE_ALLOW: z
    .string()
    .default(DEFAULT_SOURCE_ALLOW)
    .transform((v) => v.split(',').map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine((entry) => /^https?:\/\/[^/]/i.test(entry) || isAbsolute(entry), 'each entry must be an absolute path or an http(s) URL')))
    .describe(
      'Sources an admin update may name besides ANIME_DB_SOURCE (comma-separated): absolute paths of files or folders, http(s) URL prefixes (`:*` port = any port). Default: the dataset\'s GitHub releases.',
    ),
  DATA_DIR: z.string().default('./data').describe('Dataset versions and job state (shared with vector-search)'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional().describe('Job state in Redis (distributed); unset = files in DATA_DIR'),
  INGEST_ON_START: envBoolean(true).describe('Load the dataset at boot when none is stored yet'),
  UPDATE_CRON: z.string().optional().describe('Initial automatic update schedule (UTC cron), e.g. "0 4 * * 1"; admin can change it'),
  KEEP_VERSIONS: z.coerce.number().int().min(2).max(50).default(3).describe('Stored versions (for rollback)'),
  SAFETY_MAX_QUARANTINE_SHARE: z.coerce.number().min(0).max(1).default(0.05).describe('Largest share of entries that parse but fail the schema (quarantined)'),
  SAFETY_MAX_DROP_SHARE: z.coerce.number().min(0).max(1).default(0.02).describe('Largest drop in entry count versus the current version'),
  SAFETY_MAX_CHURN_SHARE: z.coerce.number().min(0).max(1).default(0.25).describe('Largest share of ids added + removed versus the current version'),
  INGEST_PAUSE_AT_PHASE: z
    .enum(['read', 'identify', 'write', 'embed', 'activate', 'activated'])
    .optional()
    .describe('Chaos tests only: an update job stops (holds until the process dies) as it enters this phase, so a test can kill -9 it there; never set in production'),
  // Embed stage (issue #6): CLIP vectors for new/changed entries.
  EMBEDDINGS: z.enum(['auto', 'on', 'off']).default('auto').describe('auto = embed when the CLIP model loads; on = fail updates without it; off = no vectors'),
  CLIP_MODEL: z.string().default('Xenova/clip-vit-base-patch32').describe('Hub id or local model dir'),
  MODELS_DIR: z.string().default('./models').describe('Model cache dir'),
  CLIP_ALLOW_REMOTE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('Download CLIP_MODEL from the hub when missing'),
  IMAGE_HOSTS_ALLOW: z
    .string()
    .optional()
    .transform((v) => v?.split(',').map((h) => h.trim()).filter(Boolean))
    .describe('Hosts dataset pictures may be fetched from (comma-separated); default the dataset CDNs. Never applies to URLs users send.'),
  EMBED_IMAGE_FIELDS: z
    .string()
    .default('picture')
    .transform((v) => v.split(',').map((f) => f.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['picture', 'thumbnail'])))
    .describe('Image vectors to compute: picture and/or thumbnail (the same poster at another size; doubles the cost)'),
  EMBED_BATCH_SIZE: z.coerce.number().int().min(1).max(512).default(32),
  IMAGE_FETCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  IMAGE_CACHE_DIR: z.string().optional().describe('Downloaded pictures (by URL + content hash); default <DATA_DIR>/image-cache'),
  QDRANT_URL: z.url().optional().describe('Write vectors to Qdrant (collection per version + alias); unset = files beside each version'),
  QDRANT_API_KEY: z.string().optional(),
  QDRANT_COLLECTION_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/).default('anime'),
  QDRANT_QUANTIZATION: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('int8 scalar quantisation of Qdrant vectors'),
});
export type IngestEnv = z.output<typeof IngestEnvSchema>;
export const INGEST_ENV = Symbol('INGEST_ENV');
