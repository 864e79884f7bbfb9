import { z } from 'zod';
import { envBoolean } from '@anime/platform-config';

/** Variables the ingest service reads. */
export const IngestEnvSchema = z.object({
  ANIME_DB_SOURCE: z
    .string()
    .default('https://github.com/manami-project/anime-offline-database/releases/latest/download/anime-offline-database-minified.json')
    .describe('Dataset URL or local file path (.json, .jsonl, .zst, .gz)'),
  DATA_DIR: z.string().default('./data').describe('Dataset versions and job state (shared with vector-search)'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional().describe('Job state in Redis (distributed); unset = files in DATA_DIR'),
  INGEST_ON_START: envBoolean(true).describe('Load the dataset at boot when none is stored yet'),
  UPDATE_CRON: z.string().optional().describe('Initial automatic update schedule (UTC cron), e.g. "0 4 * * 1"; admin can change it'),
  KEEP_VERSIONS: z.coerce.number().int().min(2).max(50).default(3).describe('Stored versions (for rollback)'),
  SAFETY_MAX_QUARANTINE_SHARE: z.coerce.number().min(0).max(1).default(0.05),
  SAFETY_MAX_DROP_SHARE: z.coerce.number().min(0).max(1).default(0.1),
  SAFETY_MAX_CHURN_SHARE: z.coerce.number().min(0).max(1).default(0.25),
});
export type IngestEnv = z.output<typeof IngestEnvSchema>;
export const INGEST_ENV = Symbol('INGEST_ENV');
