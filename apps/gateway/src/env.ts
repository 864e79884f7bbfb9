import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { GatewayEnvSchema } from '@anime/service-gateway';

/** Everything `apps/gateway` reads from the environment, validated once at boot. */
export const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3000) }).extend(
  GatewayEnvSchema.shape,
);
