import { SpanKind, SpanStatusCode, context, propagation, trace, type Context, type Span } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

let provider: NodeTracerProvider | undefined;

/**
 * Registers the process-wide tracer provider, AsyncLocalStorage context manager and the W3C
 * trace-context propagator (so `traceparent` flows through NATS headers). Exporters are added
 * by deployment config later; without one, spans still carry real ids for log correlation.
 */
export function initTelemetry(): void {
  if (provider) return;
  provider = new NodeTracerProvider();
  provider.register();
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

/** Writes the active trace context (`traceparent`, `tracestate`) into a header record. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

/** Reads a trace context from a header record. */
export function extractTraceContext(headers: Record<string, string>): Context {
  return propagation.extract(context.active(), headers);
}

export { SpanKind };
