export { runWithRequestContext, currentRequestContext } from './request-context';
export type { RequestContext } from './request-context';
export { createLogger, PinoNestLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { createMetrics, exposition } from './metrics';
export type { Metrics, MetricsJson } from './metrics';
export { initTelemetry, flushTelemetry, withSpan, injectTraceHeaders, extractTraceContext, startHttpSpan, SpanKind } from './tracing';
export type { TelemetryOptions } from './tracing';
export { ObservabilityModule, LOGGER, METRICS } from './observability.module';
