import { main } from '@anime/platform-runtime';
import { ConnectorScrapersModule } from '@anime/service-connector-scrapers';
import { EnvSchema } from './env';

main({ app: 'connector-scrapers', envSchema: EnvSchema, modules: (env) => [ConnectorScrapersModule.forRoot(env)], processHealth: true });
