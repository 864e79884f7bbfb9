import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { ConnectorAnimescheduleEnvSchema } from '@anime/service-connector-animeschedule';

/** Everything `apps/connector-animeschedule` reads from the environment, validated once at boot. */
export const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3104) }).extend(
  ConnectorAnimescheduleEnvSchema.shape,
);
