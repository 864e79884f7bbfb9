import { Module } from '@nestjs/common';
import { z } from 'zod';
import { ServiceHealthModule } from '@anime/platform-runtime';

/** Variables the connector-anilist service reads (merged into its app's env schema). */
export const ConnectorAnilistEnvSchema = z.object({
  ANILIST_BASE_URL: z.url().default('https://graphql.anilist.co'),
});
export type ConnectorAnilistEnv = z.output<typeof ConnectorAnilistEnvSchema>;

/**
 * AniList GraphQL connector (own breaker, limiter, cache).
 * Serves `health.v1.connector-anilist.get` now; its domain subjects (source.v1.anilist.*) arrive with issue #7.
 */
@Module({ imports: [ServiceHealthModule.forService('connector-anilist')] })
export class ConnectorAnilistModule {}
