export { runApp, runThread, main, APP_ENV } from './run-app';
export { installProcessGuard } from './process-guard';
export type { ProcessGuard } from './process-guard';
export type { AppThread } from './threads';
export type { AppDefinition, RunningApp } from './run-app';
export { ServiceHealthModule, serviceHealthProvider } from './service-health.module';
export type { HealthCheck, HealthCheckResult } from './service-health.module';
export { buildVersion, INSTANCE_ID } from './service-info';
export type { HttpOptions } from './http/http-settings';
