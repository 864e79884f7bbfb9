import { z } from 'zod';
import { SERVICE_NAMES, type ServiceName } from '@anime/contracts';
import { envBoolean } from '@anime/platform-config';
import { RestEnvSchema } from './rest/rest.env';
import { WebConsoleEnvSchema } from './web/web-console.env';

/** Variables the gateway reads. */
export const GatewayEnvSchema = z.object({
  GATEWAY_REQUIRED_SERVICES: z
    .string()
    .default('vector-search,agent-orchestrator')
    .transform((v, ctx) => {
      const names = v.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(SERVICE_NAMES as readonly string[]).includes(n));
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown service(s) ${unknown.join(', ')}; known: ${SERVICE_NAMES.join(', ')}` });
      return names as ServiceName[];
    })
    .describe('Services /health/ready waits for (the others only degrade answers)'),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_000).describe('How long a health ping to a service may take'),
  HEALTH_BUSY_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(60_000)
    .describe('A required service that misses its health ping but answered within this long is busy (saturated), not down: /health/ready stays 200'),
  ADMIN_API_KEYS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((keys) => keys.every((k) => k.length >= 16), { message: 'each admin key must be at least 16 characters' })
    .describe('Comma-separated API keys for /api/admin/*; empty = admin API disabled'),
  MCP_SESSIONS: envBoolean(false).describe('Streamable HTTP /mcp with sessions (Mcp-Session-Id); default stateless'),
})
  .extend(RestEnvSchema.shape)
  .extend(WebConsoleEnvSchema.shape);
export type GatewayEnv = z.output<typeof GatewayEnvSchema>;
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');
