import { z } from 'zod';

/** Variables of the REST face of the gateway (merged into GatewayEnvSchema). */
export const RestEnvSchema = z.object({});
