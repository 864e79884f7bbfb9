import { z } from 'zod';
import { UpstreamTuningEnvSchema } from '@anime/platform-resilience';
import type { Clock } from '@anime/platform-resilience';

/** Variables the connector-scrapers service reads (merged into its app's env schema). */
export const ConnectorScrapersEnvSchema = UpstreamTuningEnvSchema.extend({
  ANIMEPLANET_BASE_URL: z.url().default('https://www.anime-planet.com'),
  LIVECHART_BASE_URL: z.url().default('https://www.livechart.me'),
  ANISEARCH_BASE_URL: z.url().default('https://www.anisearch.com'),
  ANN_BASE_URL: z.url().default('https://www.animenewsnetwork.com'),
  SIMKL_BASE_URL: z.url().default('https://simkl.com'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//)
    .optional()
    .describe('Shared rate-limit windows and second cache tier across replicas; in-process only when unset.'),
});
export type ConnectorScrapersEnv = z.output<typeof ConnectorScrapersEnvSchema>;

/** Non-env settings of the module; only tests set them. */
export interface ConnectorScrapersOptions {
  /** Time source of the cache, limiters and breakers. */
  clock?: Clock;
}

/** DI token of the parsed {@link ConnectorScrapersEnv}. */
export const SCRAPERS_ENV = Symbol('SCRAPERS_ENV');
/** DI token of the {@link ConnectorScrapersOptions}. */
export const SCRAPERS_OPTIONS = Symbol('SCRAPERS_OPTIONS');
