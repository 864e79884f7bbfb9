import { main } from '@anime/platform-runtime';
import { ConnectorAnilistModule } from '@anime/service-connector-anilist';
import { EnvSchema } from './env';

main({ app: 'connector-anilist', envSchema: EnvSchema, modules: (env) => [ConnectorAnilistModule.forRoot(env)], processHealth: true });
