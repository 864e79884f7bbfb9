import { main } from '@anime/platform-runtime';
import { ConnectorJikanModule } from '@anime/service-connector-jikan';
import { EnvSchema } from './env';

main({ app: 'connector-jikan', envSchema: EnvSchema, modules: (env) => [ConnectorJikanModule.forRoot(env)], processHealth: true });
