import { z } from 'zod';

const ORIGIN = /^https?:\/\/[^\s/]+$/;

/** Variables of the REST face of the gateway (merged into GatewayEnvSchema). */
export const RestEnvSchema = z.object({
  HTTP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(b|kb|mb)?$/i, 'a size such as 262144, 256kb or 1mb')
    .default('256kb')
    .describe('Largest request body accepted; a larger one is refused with 413 PAYLOAD_TOO_LARGE (read by runApp)'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((o) => o === '*' || ORIGIN.test(o)), { message: 'comma-separated origins like https://app.example.com, or *' })
    .describe('Browser origins allowed to call the API (comma-separated, * = any); empty = CORS off (read by runApp)'),
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).max(1_000_000).default(120).describe('Requests each client may make per window on /api/tools, /api/query, /api/batch, /mcp'),
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60).describe('Length of the rate-limit window in seconds'),
  ADMIN_RATE_LIMIT_POINTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(600)
    .describe('Requests per minute to /api/admin/* per admin key (per IP without a valid key); the console polls a running job ~150 times a minute'),
  ADMIN_LOCKOUT_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10).describe('Failed admin authentications (401/403) from one IP within ADMIN_LOCKOUT_S that lock it out'),
  ADMIN_LOCKOUT_S: z.coerce.number().int().min(1).max(86_400).default(900).describe('How long an IP stays locked out of /api/admin/* after too many failed keys (seconds)'),
  AGENT_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(8).describe('Agent questions (/api/query, /api/batch, ask_anime) this gateway works on at once; more wait in a queue'),
  AGENT_QUEUE: z.coerce.number().int().min(0).max(100_000).default(32).describe('Agent questions that may wait for a slot; beyond it, 503 with Retry-After at once'),
  LOOKUP_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(32).describe('Tool calls and MCP requests (cheap lookups) this gateway works on at once'),
  LOOKUP_QUEUE: z.coerce.number().int().min(0).max(100_000).default(128).describe('Lookups that may wait for a slot; beyond it, 503 with Retry-After at once'),
  ADMISSION_QUEUE_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(500).describe('Longest a request waits in the queue before it is refused with 503 + Retry-After'),
  RATE_LIMIT_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, : _ - only')
    .default('anime:ratelimit')
    .describe('Redis key prefix of the shared rate-limit counters (replicas with the same prefix share budgets)'),
  // Same definition as the ingest service's: in the standalone app both read one variable.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional()
    .describe('Redis shared by replicas (rate limits here); unset = in-memory limits'),
});
