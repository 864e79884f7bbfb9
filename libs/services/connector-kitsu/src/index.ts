export { ConnectorKitsuModule, ConnectorKitsuEnvSchema } from './connector-kitsu.module';
export type { ConnectorKitsuEnv } from './connector-kitsu.module';
