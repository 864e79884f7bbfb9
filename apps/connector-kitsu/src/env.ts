import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { ConnectorKitsuEnvSchema } from '@anime/service-connector-kitsu';

/** Everything `apps/connector-kitsu` reads from the environment, validated once at boot. */
export const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3103) }).extend(
  ConnectorKitsuEnvSchema.shape,
);
