import { z } from 'zod';
import { UpstreamTuningEnvSchema } from '@anime/platform-resilience';

/** Variables the connector-anilist service reads (merged into its app's env schema). */
export const ConnectorAnilistEnvSchema = UpstreamTuningEnvSchema.extend({
  ANILIST_BASE_URL: z.url().default('https://graphql.anilist.co').describe('AniList GraphQL endpoint (queries are POSTed here).'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//)
    .optional()
    .describe('Distributed mode: rate-limit windows and the cache shared by replicas; unset = per process.'),
});
export type ConnectorAnilistEnv = z.output<typeof ConnectorAnilistEnvSchema>;

/** DI token of the parsed {@link ConnectorAnilistEnv}. */
export const CONNECTOR_ANILIST_ENV = Symbol('CONNECTOR_ANILIST_ENV');
