import { main } from '@anime/platform-runtime';
import { IngestModule } from '@anime/service-ingest';
import { EnvSchema } from './env';

main({ app: 'ingest', envSchema: EnvSchema, modules: (env) => [IngestModule.forRoot(env)], processHealth: true });
