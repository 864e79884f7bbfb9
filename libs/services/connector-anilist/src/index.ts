export { ConnectorAnilistModule, ConnectorAnilistEnvSchema } from './connector-anilist.module';
export type { ConnectorAnilistEnv } from './connector-anilist.module';
