import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { GatewayEnvSchema } from '@anime/service-gateway';
import { AgentOrchestratorEnvSchema } from '@anime/service-agent-orchestrator';
import { VectorSearchEnvSchema } from '@anime/service-vector-search';
import { IngestEnvSchema } from '@anime/service-ingest';
import { ConnectorAnilistEnvSchema } from '@anime/service-connector-anilist';
import { ConnectorJikanEnvSchema } from '@anime/service-connector-jikan';
import { ConnectorKitsuEnvSchema } from '@anime/service-connector-kitsu';
import { ConnectorAnimescheduleEnvSchema } from '@anime/service-connector-animeschedule';
import { ConnectorScrapersEnvSchema } from '@anime/service-connector-scrapers';

/** Everything the embedded system reads: the union of every service's variables. */
export const EnvSchema = RuntimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  TRANSPORT: z.literal('inprocess').default('inprocess').describe('standalone always runs in-process'),
  AGENT_THREAD: z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .describe('Run the agent (query graph) on its own worker thread: auto = when the machine has more than one core'),
})
  .extend(GatewayEnvSchema.shape)
  .extend(AgentOrchestratorEnvSchema.shape)
  .extend(VectorSearchEnvSchema.shape)
  .extend(IngestEnvSchema.shape)
  .extend(ConnectorAnilistEnvSchema.shape)
  .extend(ConnectorJikanEnvSchema.shape)
  .extend(ConnectorKitsuEnvSchema.shape)
  .extend(ConnectorAnimescheduleEnvSchema.shape)
  .extend(ConnectorScrapersEnvSchema.shape);
