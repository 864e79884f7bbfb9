import type { AppDefinition } from '@anime/platform-runtime';
import { GatewayModule } from '@anime/service-gateway';
import { AgentOrchestratorModule } from '@anime/service-agent-orchestrator';
import { VectorSearchModule } from '@anime/service-vector-search';
import { IngestModule } from '@anime/service-ingest';
import { ConnectorAnilistModule } from '@anime/service-connector-anilist';
import { ConnectorJikanModule } from '@anime/service-connector-jikan';
import { ConnectorKitsuModule } from '@anime/service-connector-kitsu';
import { ConnectorAnimescheduleModule } from '@anime/service-connector-animeschedule';
import { ConnectorScrapersModule } from '@anime/service-connector-scrapers';
import { EnvSchema } from './env';

/** Every service module in one process on the in-process transport (what `npm start` runs). */
export const standalone: AppDefinition<typeof EnvSchema> = {
  app: 'standalone',
  envSchema: EnvSchema,
  transport: 'inprocess',
  processHealth: false,
  modules: (env) => [
    GatewayModule.forRoot(env),
    AgentOrchestratorModule.forRoot(env),
    VectorSearchModule.forRoot(env),
    IngestModule.forRoot(env),
    ConnectorAnilistModule.forRoot(env),
    ConnectorJikanModule.forRoot(env),
    ConnectorKitsuModule.forRoot(env),
    ConnectorAnimescheduleModule.forRoot(env),
    ConnectorScrapersModule,
  ],
};
