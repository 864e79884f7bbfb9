export { ConnectorAnimescheduleModule, ConnectorAnimescheduleEnvSchema } from './connector-animeschedule.module';
export type { ConnectorAnimescheduleEnv } from './connector-animeschedule.module';
