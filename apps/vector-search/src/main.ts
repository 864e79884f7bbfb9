import { main } from '@anime/platform-runtime';
import { VectorSearchModule } from '@anime/service-vector-search';
import { EnvSchema } from './env';

main({ app: 'vector-search', envSchema: EnvSchema, modules: (env) => [VectorSearchModule.forRoot(env)], processHealth: true });
