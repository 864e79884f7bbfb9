export { GatewayModule } from './gateway.module';
export { GatewayEnvSchema } from './gateway.env';
export type { GatewayEnv } from './gateway.env';
export type { SystemHealth, ServiceStatus } from './check-services.usecase';
