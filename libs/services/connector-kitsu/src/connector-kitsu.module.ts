import { Module } from '@nestjs/common';
import { z } from 'zod';
import { ServiceHealthModule } from '@anime/platform-runtime';

/** Variables the connector-kitsu service reads (merged into its app's env schema). */
export const ConnectorKitsuEnvSchema = z.object({
  KITSU_BASE_URL: z.url().default('https://kitsu.app/api/edge'),
});
export type ConnectorKitsuEnv = z.output<typeof ConnectorKitsuEnvSchema>;

/**
 * Kitsu JSON:API connector (own breaker, limiter, cache).
 * Serves `health.v1.connector-kitsu.get` now; its domain subjects (source.v1.kitsu.*) arrive with issue #7.
 */
@Module({ imports: [ServiceHealthModule.forService('connector-kitsu')] })
export class ConnectorKitsuModule {}
