import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { resilienceMetrics } from './resilience-metrics';
import { trafficReport, upstreamTraffic } from './upstream-traffic';

describe('upstreamTraffic', () => {
  it('reads requests, success rate, limiter waits, stale answers and fail-fast rejections per source', async () => {
    const registry = new Registry();
    const m = resilienceMetrics(registry);
    for (let i = 0; i < 8; i++) m.httpRequests.inc({ source: 'jikan', outcome: '200' });
    m.httpRequests.inc({ source: 'jikan', outcome: '503' });
    m.httpRequests.inc({ source: 'jikan', outcome: 'timeout' });
    m.httpRequests.inc({ source: 'kitsu', outcome: '200' });
    m.httpRetries.inc({ source: 'jikan' });
    m.limiterWaitSeconds.observe({ source: 'jikan' }, 0);
    m.limiterWaitSeconds.observe({ source: 'jikan' }, 0);
    m.limiterWaitSeconds.observe({ source: 'jikan' }, 0.4);
    m.limiterWaitSeconds.observe({ source: 'jikan' }, 1.1);
    m.cacheStaleServed.inc({ source: 'jikan', kind: 'metadata' });
    m.breakerCalls.inc({ breaker: 'jikan', outcome: 'rejected' }, 3);
    m.breakerCalls.inc({ breaker: 'anime-planet:www.anime-planet.com', outcome: 'rejected' });

    const traffic = await upstreamTraffic(registry, ['jikan', 'kitsu', 'anime-planet', 'simkl']);
    expect(traffic['jikan']).toEqual({
      requests: 10,
      successRate: 0.8,
      failures: 2,
      retries: 1,
      limiterWaits: 2,
      limiterWaitSeconds: 1.5,
      limiterRejections: 0,
      upstreamBlocks: 0,
      staleServed: 1,
      breakerRejections: 3,
    });
    expect(traffic['kitsu']).toMatchObject({ requests: 1, successRate: 1, failures: 0 });
    expect(traffic['anime-planet']).toMatchObject({ requests: 0, breakerRejections: 1 });
    expect(traffic['simkl']?.successRate).toBeUndefined();

    const report = trafficReport({ jikan: traffic['jikan']!, simkl: traffic['simkl']! });
    expect(report.detail).toBe('jikan: 10 requests, 80% ok, 2 limiter waits (1.5 s), 1 stale, 3 failed fast; simkl: no requests yet');
    expect(report.stats).toMatchObject({ 'jikan.requests': 10, 'jikan.successRate': 0.8, 'jikan.limiterWaits': 2, 'simkl.requests': 0 });
  });
});
