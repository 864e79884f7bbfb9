import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The Prometheus instruments of this kit; one set per registry, shared by every source. */
export interface ResilienceMetrics {
  /** 0 closed, 1 half-open, 2 open. */
  readonly breakerState: Gauge<'breaker'>;
  readonly breakerTransitions: Counter<'breaker' | 'state'>;
  /** outcome: success | failure | ignored (a failure that does not count) | rejected (fail fast). */
  readonly breakerCalls: Counter<'breaker' | 'outcome'>;
  readonly limiterWaitSeconds: Histogram<'source'>;
  readonly limiterRejections: Counter<'source'>;
  /** reason: retry-after | remaining-zero. */
  readonly limiterBlocks: Counter<'source' | 'reason'>;
  /** result: fresh | stale | miss. */
  readonly cacheLookups: Counter<'source' | 'kind' | 'result'>;
  readonly cacheStaleServed: Counter<'source' | 'kind'>;
  readonly coalescedCalls: Counter<'source'>;
  /** outcome: the HTTP status, or timeout | network. */
  readonly httpRequests: Counter<'source' | 'outcome'>;
  readonly httpDuration: Histogram<'source'>;
  readonly httpRetries: Counter<'source'>;
}

const byRegistry = new WeakMap<Registry, ResilienceMetrics>();

/**
 * The instruments registered on `registry`, created on first use. Every breaker, limiter, cache
 * and client of an app registers on the same registry, and prom-client refuses a second metric
 * with the same name — hence one set per registry, looked up here.
 */
export function resilienceMetrics(registry: Registry): ResilienceMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: ResilienceMetrics = {
    breakerState: new Gauge({ name: 'upstream_breaker_state', help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open.', labelNames: ['breaker'], registers }),
    breakerTransitions: new Counter({ name: 'upstream_breaker_transitions_total', help: 'Circuit breaker state changes, by new state.', labelNames: ['breaker', 'state'], registers }),
    breakerCalls: new Counter({
      name: 'upstream_breaker_calls_total',
      help: 'Calls through a circuit breaker: success, failure (counts toward opening), ignored (a failure that does not), rejected (failed fast while open).',
      labelNames: ['breaker', 'outcome'],
      registers,
    }),
    limiterWaitSeconds: new Histogram({
      name: 'upstream_ratelimit_wait_seconds',
      help: 'Time a call waited for an upstream rate-limit token.',
      labelNames: ['source'],
      buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    limiterRejections: new Counter({ name: 'upstream_ratelimit_rejected_total', help: 'Calls refused because no token came within the max wait.', labelNames: ['source'], registers }),
    limiterBlocks: new Counter({ name: 'upstream_ratelimit_blocks_total', help: 'Times an upstream told us to back off (Retry-After, remaining 0).', labelNames: ['source', 'reason'], registers }),
    cacheLookups: new Counter({ name: 'upstream_cache_lookups_total', help: 'Upstream cache lookups by result (fresh, stale, miss).', labelNames: ['source', 'kind', 'result'], registers }),
    cacheStaleServed: new Counter({ name: 'upstream_cache_stale_served_total', help: 'Stale values served because the upstream failed.', labelNames: ['source', 'kind'], registers }),
    coalescedCalls: new Counter({ name: 'upstream_coalesced_total', help: 'Calls that joined an identical in-flight upstream call instead of making their own.', labelNames: ['source'], registers }),
    httpRequests: new Counter({ name: 'upstream_http_requests_total', help: 'HTTP requests sent upstream, by status (or timeout / network).', labelNames: ['source', 'outcome'], registers }),
    httpDuration: new Histogram({
      name: 'upstream_http_request_duration_seconds',
      help: 'Duration of one upstream HTTP attempt, body included.',
      labelNames: ['source'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    httpRetries: new Counter({ name: 'upstream_http_retries_total', help: 'Upstream HTTP attempts that were retries.', labelNames: ['source'], registers }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
