export { ConnectorScrapersModule, ConnectorScrapersEnvSchema } from './connector-scrapers.module';
export type { ConnectorScrapersEnv } from './connector-scrapers.module';
