export { ConnectorJikanModule, ConnectorJikanEnvSchema } from './connector-jikan.module';
export type { ConnectorJikanEnv } from './connector-jikan.module';
