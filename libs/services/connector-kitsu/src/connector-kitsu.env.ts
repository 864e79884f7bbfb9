import { z } from 'zod';
import { UpstreamTuningEnvSchema } from '@anime/platform-resilience';
import type { Clock } from '@anime/platform-resilience';

/** Variables the connector-kitsu service reads (merged into its app's env schema). */
export const ConnectorKitsuEnvSchema = UpstreamTuningEnvSchema.extend({
  KITSU_BASE_URL: z.url().default('https://kitsu.app/api/edge'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//)
    .optional()
    .describe('Shared rate-limit windows and second cache tier across replicas; in-process only when unset.'),
});
export type ConnectorKitsuEnv = z.output<typeof ConnectorKitsuEnvSchema>;

/** Non-env settings of the module; only tests set them. */
export interface ConnectorKitsuOptions {
  /** Time source of the cache, limiter and breaker (a skewed clock ages cached values in tests). */
  clock?: Clock;
}

/** DI token of the parsed {@link ConnectorKitsuEnv}. */
export const KITSU_ENV = Symbol('KITSU_ENV');
/** DI token of the {@link ConnectorKitsuOptions}. */
export const KITSU_OPTIONS = Symbol('KITSU_OPTIONS');
