import { z } from 'zod';
import { defineRpc } from './rpc';

/** Every service that answers over the transport (the gateway only calls). */
export const SERVICE_NAMES = [
  'agent-orchestrator',
  'vector-search',
  'ingest',
  'connector-anilist',
  'connector-jikan',
  'connector-kitsu',
  'connector-animeschedule',
  'connector-scrapers',
] as const;
export const ServiceNameSchema = z.enum(SERVICE_NAMES).describe('A service of this system.');
export type ServiceName = z.infer<typeof ServiceNameSchema>;

export const HealthCheckSchema = z
  .object({
    name: z.string().describe('What was checked.'),
    status: z.enum(['up', 'degraded', 'down']).describe('Result of the check.'),
    detail: z.string().optional().describe('Why, when not up (or a one-line summary).'),
    stats: z.record(z.string(), z.number()).optional().describe('Numbers behind the check (e.g. upstream requests, success rate, limiter waits), keyed "<source>.<stat>".'),
  })
  .describe('One internal check of a service.');

export const ServiceHealthSchema = z
  .object({
    service: ServiceNameSchema,
    status: z.enum(['up', 'degraded']).describe('up = fully working; degraded = answering with reduced function.'),
    version: z.string().describe('Version of the running build.'),
    instanceId: z.string().describe('Which replica answered.'),
    uptimeSeconds: z.number().nonnegative().describe('Seconds since the service started.'),
    checks: z.array(HealthCheckSchema).describe('Internal checks.'),
  })
  .describe('Health of one service, as it reports itself.');
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;

const healthContract = <S extends ServiceName>(service: S) =>
  defineRpc({
    subject: `health.v1.${service}.get`,
    description: `Health of the ${service} service (answered by one replica).`,
    request: z.object({}).describe('No parameters.'),
    response: ServiceHealthSchema,
    defaultTimeoutMs: 1_000,
  });

/** `health.v1.<service>.get` for each service; the gateway's /health pings them all. */
export const HEALTH_CONTRACTS = Object.freeze(
  Object.fromEntries(SERVICE_NAMES.map((name) => [name, healthContract(name)])) as {
    [K in ServiceName]: ReturnType<typeof healthContract<K>>;
  },
);
