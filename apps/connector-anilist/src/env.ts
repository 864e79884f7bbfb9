import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { ConnectorAnilistEnvSchema } from '@anime/service-connector-anilist';

/** Everything `apps/connector-anilist` reads from the environment, validated once at boot. */
export const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3101) }).extend(
  ConnectorAnilistEnvSchema.shape,
);
