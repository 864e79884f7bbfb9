import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { VectorSearchEnvSchema } from '@anime/service-vector-search';

/** Everything `apps/vector-search` reads from the environment, validated once at boot. */
export const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3020) }).extend(
  VectorSearchEnvSchema.shape,
);
