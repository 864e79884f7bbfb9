import { Module } from '@nestjs/common';
import { z } from 'zod';
import { ServiceHealthModule } from '@anime/platform-runtime';

/** Variables the connector-jikan service reads (merged into its app's env schema). */
export const ConnectorJikanEnvSchema = z.object({
  JIKAN_BASE_URL: z.url().default('https://api.jikan.moe/v4'),
});
export type ConnectorJikanEnv = z.output<typeof ConnectorJikanEnvSchema>;

/**
 * Jikan v4 (MyAnimeList) connector (own breaker, limiter, cache).
 * Serves `health.v1.connector-jikan.get` now; its domain subjects (source.v1.jikan.*) arrive with issue #7.
 */
@Module({ imports: [ServiceHealthModule.forService('connector-jikan')] })
export class ConnectorJikanModule {}
