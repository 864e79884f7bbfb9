import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { IngestEnvSchema } from '@anime/service-ingest';

/** Everything `apps/ingest` reads from the environment, validated once at boot. */
export const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3030) }).extend(
  IngestEnvSchema.shape,
);
