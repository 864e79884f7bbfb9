import type { Registry } from 'prom-client';
import { resilienceMetrics } from './resilience-metrics';

/** Traffic of one upstream since this process started, from the kit's own Prometheus instruments. */
export interface UpstreamTraffic {
  requests: number;
  /** Share of HTTP attempts answered 2xx/3xx (0–1); absent before the first request. */
  successRate?: number;
  failures: number;
  retries: number;
  /** Calls that waited for a rate-limit token, and how long in total / on average. */
  limiterWaits: number;
  limiterWaitSeconds: number;
  limiterRejections: number;
  upstreamBlocks: number;
  staleServed: number;
  breakerRejections: number;
}

type Labels = Record<string, string | number>;
const sum = (values: Array<{ value: number; labels: Labels }>, match: (labels: Labels) => boolean) =>
  values.filter((v) => match(v.labels)).reduce((total, v) => total + v.value, 0);

/**
 * Per-source request counts, success rate, limiter waits, upstream back-offs, stale answers and
 * fail-fast rejections, read from `registry` (what `/metrics` exports), so health and dashboards
 * tell the same story. `sources` are the kit's source names (breakers of per-host sources are
 * named `<source>:<host>`).
 */
export async function upstreamTraffic(registry: Registry, sources: readonly string[]): Promise<Record<string, UpstreamTraffic>> {
  const m = resilienceMetrics(registry);
  const [http, retries, waits, rejections, blocks, stale, breakerCalls] = await Promise.all([
    m.httpRequests.get(),
    m.httpRetries.get(),
    m.limiterWaitSeconds.get(),
    m.limiterRejections.get(),
    m.limiterBlocks.get(),
    m.cacheStaleServed.get(),
    m.breakerCalls.get(),
  ]);
  const out: Record<string, UpstreamTraffic> = {};
  for (const source of sources) {
    const ofSource = (labels: Labels) => labels['source'] === source;
    const requests = sum(http.values, ofSource);
    const ok = sum(http.values, (l) => ofSource(l) && /^[23]\d\d$/.test(String(l['outcome'])));
    out[source] = {
      requests,
      ...(requests ? { successRate: Math.round((ok / requests) * 1000) / 1000 } : {}),
      failures: requests - ok,
      retries: sum(retries.values, ofSource),
      // Every token acquisition is observed; the `le=0` bucket holds the ones that did not wait.
      limiterWaits: histogramPart(waits.values, source, '_count') - histogramPart(waits.values, source, '_bucket', '0'),
      limiterWaitSeconds: Math.round(histogramPart(waits.values, source, '_sum') * 1000) / 1000,
      limiterRejections: sum(rejections.values, ofSource),
      upstreamBlocks: sum(blocks.values, ofSource),
      staleServed: sum(stale.values, ofSource),
      breakerRejections: sum(breakerCalls.values, (l) => (l['breaker'] === source || String(l['breaker']).startsWith(`${source}:`)) && l['outcome'] === 'rejected'),
    };
  }
  return out;
}

function histogramPart(values: Array<{ value: number; labels: Labels; metricName?: string }>, source: string, suffix: '_count' | '_sum' | '_bucket', le?: string): number {
  return values
    .filter((v) => v.labels['source'] === source && v.metricName?.endsWith(suffix) && (le === undefined || String(v.labels['le']) === le))
    .reduce((t, v) => t + v.value, 0);
}

/** The traffic as health `stats` ("<source>.<stat>") and a one-line summary per source. */
export function trafficReport(traffic: Record<string, UpstreamTraffic>): { detail: string; stats: Record<string, number> } {
  const stats: Record<string, number> = {};
  const lines: string[] = [];
  for (const [source, t] of Object.entries(traffic)) {
    for (const [key, value] of Object.entries(t)) if (typeof value === 'number') stats[`${source}.${key}`] = value;
    const rate = t.successRate === undefined ? 'no requests yet' : `${t.requests} requests, ${Math.round(t.successRate * 100)}% ok`;
    const waited = t.limiterWaits ? `, ${t.limiterWaits} limiter waits (${t.limiterWaitSeconds} s)` : '';
    lines.push(`${source}: ${rate}${waited}${t.staleServed ? `, ${t.staleServed} stale` : ''}${t.breakerRejections ? `, ${t.breakerRejections} failed fast` : ''}`);
  }
  return { detail: lines.join('; '), stats };
}

/** A `traffic` health check for a connector: always up (the breaker check judges health), with the numbers. */
export function upstreamTrafficCheck(registry: Registry, sources: readonly string[]) {
  return {
    name: 'traffic',
    run: async () => ({ status: 'up' as const, ...trafficReport(await upstreamTraffic(registry, sources)) }),
  };
}
