import { AggregatorRegistry, Counter, Histogram, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';

/** A registry's metrics as JSON (what a worker thread sends its process). */
export type MetricsJson = Array<MetricObjectWithValues<MetricValue<string>>>;

/** Process metrics registry plus the RPC instruments every service shares. */
export interface Metrics {
  readonly registry: Registry;
  readonly rpcServerDuration: Histogram<'subject' | 'code'>;
  readonly rpcClientDuration: Histogram<'subject' | 'code'>;
  readonly rpcServerInFlight: Counter<'subject'>;
  /** Metrics of this process's worker threads (embedded mode), merged into {@link exposition}. */
  readonly threads: Array<() => Promise<MetricsJson>>;
}

/**
 * The Prometheus text of the app: its registry, summed with its worker threads' registries when
 * it has any (the same metric from the main thread and a thread adds up, as across replicas).
 */
export async function exposition(metrics: Metrics): Promise<string> {
  if (metrics.threads.length === 0) return metrics.registry.metrics();
  const parts = await Promise.all([metrics.registry.getMetricsAsJSON(), ...metrics.threads.map((read) => read().catch((): MetricsJson => []))]);
  return AggregatorRegistry.aggregate(parts).metrics();
}

const RPC_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One registry per app (tests create their own, so nothing is global). */
export function createMetrics(service: string, options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    threads: [],
    rpcServerDuration: new Histogram({
      name: 'rpc_server_duration_seconds',
      help: 'Time to handle an RPC, by subject and result code (OK or error code).',
      labelNames: ['subject', 'code'],
      buckets: RPC_BUCKETS,
      registers: [registry],
    }),
    rpcClientDuration: new Histogram({
      name: 'rpc_client_duration_seconds',
      help: 'Round-trip time of outgoing RPCs, by subject and result code.',
      labelNames: ['subject', 'code'],
      buckets: RPC_BUCKETS,
      registers: [registry],
    }),
    rpcServerInFlight: new Counter({
      name: 'rpc_server_requests_total',
      help: 'RPC requests received, by subject.',
      labelNames: ['subject'],
      registers: [registry],
    }),
  };
}
