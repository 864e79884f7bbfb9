import { main } from '@anime/platform-runtime';
import { ConnectorAnimescheduleModule } from '@anime/service-connector-animeschedule';
import { EnvSchema } from './env';

main({ app: 'connector-animeschedule', envSchema: EnvSchema, modules: (env) => [ConnectorAnimescheduleModule.forRoot(env)], processHealth: true });
