import { main } from '@anime/platform-runtime';
import { ConnectorKitsuModule } from '@anime/service-connector-kitsu';
import { EnvSchema } from './env';

main({ app: 'connector-kitsu', envSchema: EnvSchema, modules: (env) => [ConnectorKitsuModule.forRoot(env)], processHealth: true });
