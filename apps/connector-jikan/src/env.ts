import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { ConnectorJikanEnvSchema } from '@anime/service-connector-jikan';

/** Everything `apps/connector-jikan` reads from the environment, validated once at boot. */
export const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3102) }).extend(
  ConnectorJikanEnvSchema.shape,
);
