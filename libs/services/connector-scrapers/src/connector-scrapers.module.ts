import { Module, type DynamicModule } from '@nestjs/common';
import { serviceHealthProvider } from '@anime/platform-runtime';
import { METRICS, type Metrics } from '@anime/platform-observability';
import { upstreamTrafficCheck } from '@anime/platform-resilience';
import { SCRAPERS_ENV, SCRAPERS_OPTIONS, type ConnectorScrapersEnv, type ConnectorScrapersOptions } from './connector-scrapers.env';
import { ScrapersClient } from './scrapers.client';
import { ScrapersHandlers } from './scrapers.handlers';

/**
 * On-demand scrapers: Anime-Planet, LiveChart, AniSearch, ANN, SIMKL. Serves `source.v1.<site>.get`
 * through one limiter and one breaker per host, and reports open breakers as the `upstream` check.
 */
@Module({})
export class ConnectorScrapersModule {
  static forRoot(env: ConnectorScrapersEnv, options: ConnectorScrapersOptions = {}): DynamicModule {
    return {
      module: ConnectorScrapersModule,
      providers: [
        { provide: SCRAPERS_ENV, useValue: env },
        { provide: SCRAPERS_OPTIONS, useValue: options },
        ScrapersClient,
        ScrapersHandlers,
        serviceHealthProvider('connector-scrapers', [ScrapersClient, METRICS], (scrapers: ScrapersClient, metrics: Metrics) => [
          {
            name: 'upstream',
            run: async () => {
              const open = (await scrapers.health()).flatMap((site) => site.breakers.filter((b) => b.state !== 'closed'));
              // Degraded, not down: one site's open breaker leaves the others (and cached pages) serving.
              if (!open.length) return { status: 'up', detail: 'every host breaker closed' };
              return { status: 'degraded', detail: open.map((b) => `${b.name} ${b.state}${b.retryAt ? ` (next probe at ${b.retryAt})` : ''}`).join(', ') };
            },
          },
          { name: 'redis', run: () => scrapers.redisHealth() },
          upstreamTrafficCheck(metrics.registry, ['anime-planet', 'livechart', 'anisearch', 'ann', 'simkl']),
        ]),
      ],
    };
  }
}
