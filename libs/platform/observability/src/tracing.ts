import { SpanKind, SpanStatusCode, context, propagation, trace, type Context, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';

let provider: NodeTracerProvider | undefined;

export interface TelemetryOptions {
  /** OTLP/HTTP traces endpoint (e.g. http://otel-collector:4318/v1/traces); unset = no export. */
  otlpEndpoint?: string;
  /** Extra processors (tests pass an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
}

/**
 * Registers the process-wide tracer provider, AsyncLocalStorage context manager and the W3C
 * trace-context propagator (so `traceparent` flows through NATS headers). Spans are exported
 * over OTLP/HTTP when an endpoint is configured; without one they still carry real ids for log
 * correlation. The first call wins (one provider per process).
 */
export function initTelemetry(options: TelemetryOptions = {}): void {
  if (provider) return;
  const spanProcessors = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: options.otlpEndpoint })));
  provider = new NodeTracerProvider({ spanProcessors });
  provider.register();
}

/** Flushes pending spans (graceful shutdown). */
export async function flushTelemetry(): Promise<void> {
  await provider?.forceFlush();
}

const tracer = () => trace.getTracer('anime-mcp-server');

/** Runs `fn` inside a span; records exceptions and sets the status. */
export async function withSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Record<string, string | number | boolean>; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: options.kind, attributes: options.attributes }, parent, async (span) => {
    try {
      const result = await fn(span);
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Starts a span for an incoming HTTP request (parent from its `traceparent`); end it when the response is done. */
export function startHttpSpan(method: string, path: string, headers: Record<string, string>): { span: Span; context: Context } {
  const parent = propagation.extract(context.active(), headers);
  const span = tracer().startSpan(`HTTP ${method} ${path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': path } }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Writes the active trace context (`traceparent`, `tracestate`) into a header record. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

/** Reads a trace context from a header record. */
export function extractTraceContext(headers: Record<string, string>): Context {
  return propagation.extract(context.active(), headers);
}

export { SpanKind };
