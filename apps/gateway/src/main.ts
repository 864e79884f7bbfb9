import { main } from '@anime/platform-runtime';
import { GATEWAY_HTTP_OPTIONS, GatewayModule } from '@anime/service-gateway';
import { EnvSchema } from './env';

main({ app: 'gateway', envSchema: EnvSchema, modules: (env) => [GatewayModule.forRoot(env)], processHealth: false, http: GATEWAY_HTTP_OPTIONS });
