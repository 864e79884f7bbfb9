import { Module, type DynamicModule } from '@nestjs/common';
import { serviceHealthProvider } from '@anime/platform-runtime';
import { METRICS, type Metrics } from '@anime/platform-observability';
import { upstreamTrafficCheck } from '@anime/platform-resilience';
import { KITSU_ENV, KITSU_OPTIONS, type ConnectorKitsuEnv, type ConnectorKitsuOptions } from './connector-kitsu.env';
import { KitsuClient } from './kitsu.client';
import { KitsuHandlers } from './kitsu.handlers';

/**
 * Kitsu JSON:API connector: serves `source.v1.kitsu.get` and `source.v1.kitsu.search` through its own breaker, limiter and
 * cache, and reports the breaker as the `upstream` health check.
 */
@Module({})
export class ConnectorKitsuModule {
  static forRoot(env: ConnectorKitsuEnv, options: ConnectorKitsuOptions = {}): DynamicModule {
    return {
      module: ConnectorKitsuModule,
      providers: [
        { provide: KITSU_ENV, useValue: env },
        { provide: KITSU_OPTIONS, useValue: options },
        KitsuClient,
        KitsuHandlers,
        serviceHealthProvider('connector-kitsu', [KitsuClient, METRICS], (kitsu: KitsuClient, metrics: Metrics) => [
          {
            name: 'upstream',
            run: async () => {
              const breaker = await kitsu.breaker();
              if (!breaker || breaker.state === 'closed') return { status: 'up', detail: 'breaker closed' };
              // Degraded, not down: stale cached answers are still served while the breaker is open.
              const retry = breaker.retryAt ? `, next probe at ${breaker.retryAt}` : '';
              return { status: 'degraded', detail: `breaker ${breaker.state}${retry}` };
            },
          },
          { name: 'redis', run: () => kitsu.redisHealth() },
          upstreamTrafficCheck(metrics.registry, ['kitsu']),
        ]),
      ],
    };
  }
}
