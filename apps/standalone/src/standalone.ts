import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { AppDefinition } from '@anime/platform-runtime';
import { GATEWAY_HTTP_OPTIONS, GatewayModule } from '@anime/service-gateway';
import { AgentOrchestratorModule } from '@anime/service-agent-orchestrator';
import { VectorSearchModule } from '@anime/service-vector-search';
import { IngestModule } from '@anime/service-ingest';
import { ConnectorAnilistModule } from '@anime/service-connector-anilist';
import { ConnectorJikanModule } from '@anime/service-connector-jikan';
import { ConnectorKitsuModule } from '@anime/service-connector-kitsu';
import { ConnectorAnimescheduleModule } from '@anime/service-connector-animeschedule';
import { ConnectorScrapersModule } from '@anime/service-connector-scrapers';
import { EnvSchema } from './env';

type Env = ReturnType<typeof EnvSchema.parse>;

/** Whether the agent gets its own worker thread (and so a second core) in this process. */
export const agentOnThread = (env: Env): boolean => env.AGENT_THREAD === 'on' || (env.AGENT_THREAD === 'auto' && availableParallelism() > 1);

/**
 * Every service module in one process on the in-process transport (what `npm start` runs). The
 * agent runs on a worker thread when there is a second core (`AGENT_THREAD`): questions are
 * understood and composed there while the catalog answers on the main thread (D24).
 */
export const standalone: AppDefinition<typeof EnvSchema> = {
  app: 'standalone',
  envSchema: EnvSchema,
  transport: 'inprocess',
  processHealth: false,
  http: GATEWAY_HTTP_OPTIONS,
  modules: (env) => [
    GatewayModule.forRoot(env),
    ...(agentOnThread(env) ? [] : [AgentOrchestratorModule.forRoot(env)]),
    VectorSearchModule.forRoot(env),
    IngestModule.forRoot(env),
    ConnectorAnilistModule.forRoot(env),
    ConnectorJikanModule.forRoot(env),
    ConnectorKitsuModule.forRoot(env),
    ConnectorAnimescheduleModule.forRoot(env),
    ConnectorScrapersModule.forRoot(env),
  ],
  threads: (env) => (agentOnThread(env) ? [{ name: 'agent-orchestrator', script: join(__dirname, 'agent.thread.js') }] : []),
};
