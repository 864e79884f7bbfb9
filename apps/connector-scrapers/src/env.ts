import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { ConnectorScrapersEnvSchema } from '@anime/service-connector-scrapers';

/** Everything `apps/connector-scrapers` reads from the environment, validated once at boot. */
export const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3105) }).extend(
  ConnectorScrapersEnvSchema.shape,
);
