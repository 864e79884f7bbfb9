import { Module } from '@nestjs/common';
import { z } from 'zod';
import { ServiceHealthModule } from '@anime/platform-runtime';

/** Variables the connector-scrapers service reads (merged into its app's env schema). */
export const ConnectorScrapersEnvSchema = z.object({
  ANIMEPLANET_BASE_URL: z.url().default('https://www.anime-planet.com'),
  LIVECHART_BASE_URL: z.url().default('https://www.livechart.me'),
  ANISEARCH_BASE_URL: z.url().default('https://www.anisearch.com'),
  ANN_BASE_URL: z.url().default('https://www.animenewsnetwork.com'),
  SIMKL_BASE_URL: z.url().default('https://simkl.com'),
});
export type ConnectorScrapersEnv = z.output<typeof ConnectorScrapersEnvSchema>;

/**
 * On-demand scrapers: Anime-Planet, LiveChart, AniSearch, ANN, SIMKL (one breaker per host).
 * Serves `health.v1.connector-scrapers.get` now; its domain subjects (source.v1.<site>.*) arrive with issue #8.
 */
@Module({ imports: [ServiceHealthModule.forService('connector-scrapers')] })
export class ConnectorScrapersModule {}
