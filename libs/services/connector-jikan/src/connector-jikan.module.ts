import { Module, type DynamicModule } from '@nestjs/common';
import { serviceHealthProvider } from '@anime/platform-runtime';
import { METRICS, type Metrics } from '@anime/platform-observability';
import { upstreamTrafficCheck } from '@anime/platform-resilience';
import { CONNECTOR_JIKAN_ENV, type ConnectorJikanEnv } from './connector-jikan.env';
import { JIKAN_CLIENT_OVERRIDES, JikanClient, type JikanClientOverrides } from './jikan.client';
import { JikanHandlers } from './jikan.handlers';

export { ConnectorJikanEnvSchema } from './connector-jikan.env';
export type { ConnectorJikanEnv } from './connector-jikan.env';

/**
 * Jikan v4 (MyAnimeList) connector: serves `source.v1.jikan.{get,search,schedule,season,top}` through its own breaker,
 * limiter (3/s + 60/min) and cache, and reports the breaker as the `upstream` health check.
 */
@Module({})
export class ConnectorJikanModule {
  /** `overrides` are test seams (injected clock, fast retries); the apps pass none. */
  static forRoot(env: ConnectorJikanEnv, overrides: JikanClientOverrides = {}): DynamicModule {
    return {
      module: ConnectorJikanModule,
      providers: [
        { provide: CONNECTOR_JIKAN_ENV, useValue: env },
        { provide: JIKAN_CLIENT_OVERRIDES, useValue: overrides },
        JikanClient,
        JikanHandlers,
        serviceHealthProvider('connector-jikan', [JikanClient, METRICS], (client: JikanClient, metrics: Metrics) => [
          { name: 'upstream', run: () => client.upstreamHealth() },
          { name: 'redis', run: () => client.redisHealth() },
          upstreamTrafficCheck(metrics.registry, ['jikan']),
        ]),
      ],
    };
  }
}
