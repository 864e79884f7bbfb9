import { z } from 'zod';
import { UpstreamTuningEnvSchema } from '@anime/platform-resilience';

/** Variables the connector-jikan service reads (merged into its app's env schema). */
export const ConnectorJikanEnvSchema = UpstreamTuningEnvSchema.extend({
  JIKAN_BASE_URL: z.url().default('https://api.jikan.moe/v4').describe('Jikan v4 API root (a replay server in tests)'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//)
    .optional()
    .describe('Distributed mode: rate-limit windows and the response cache shared by replicas; unset = per process'),
});
export type ConnectorJikanEnv = z.output<typeof ConnectorJikanEnvSchema>;

/** DI token of the parsed {@link ConnectorJikanEnv}. */
export const CONNECTOR_JIKAN_ENV = Symbol('CONNECTOR_JIKAN_ENV');
