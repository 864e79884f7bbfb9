import { Module } from '@nestjs/common';
import { z } from 'zod';
import { ServiceHealthModule } from '@anime/platform-runtime';

/** Variables the ingest service reads (merged into its app's env schema). */
export const IngestEnvSchema = z.object({
  ANIME_DB_SOURCE: z
    .string()
    .default('https://github.com/manami-project/anime-offline-database/releases/latest/download/anime-offline-database-minified.json')
    .describe('Dataset URL or local file path'),
  DATA_DIR: z.string().default('./data'),
});
export type IngestEnv = z.output<typeof IngestEnvSchema>;

/**
 * Downloads, validates, diffs, embeds and publishes the anime-offline-database; update jobs.
 * Serves `health.v1.ingest.get` now; its domain subjects (ingest.v1.*) arrive with issue #3.
 */
@Module({ imports: [ServiceHealthModule.forService('ingest')] })
export class IngestModule {}
