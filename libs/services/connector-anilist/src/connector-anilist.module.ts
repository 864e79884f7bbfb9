import { Module, type DynamicModule } from '@nestjs/common';
import { serviceHealthProvider } from '@anime/platform-runtime';
import { METRICS, type Metrics } from '@anime/platform-observability';
import { upstreamTrafficCheck } from '@anime/platform-resilience';
import { ANILIST_CLIENT_OPTIONS, AnilistClient, type AnilistClientOptions } from './anilist.client';
import { AnilistHandlers } from './anilist.handlers';
import { CONNECTOR_ANILIST_ENV, type ConnectorAnilistEnv } from './connector-anilist.env';

/**
 * AniList GraphQL connector: serves `source.v1.anilist.get` through its own breaker, limiter and
 * cache, and `health.v1.connector-anilist.get` with an `upstream` check (the breaker state).
 */
@Module({})
export class ConnectorAnilistModule {
  /** `options` overrides the kit's defaults for AniList (tests: clock, no-wait retries). */
  static forRoot(env: ConnectorAnilistEnv, options: AnilistClientOptions = {}): DynamicModule {
    return {
      module: ConnectorAnilistModule,
      providers: [
        { provide: CONNECTOR_ANILIST_ENV, useValue: env },
        { provide: ANILIST_CLIENT_OPTIONS, useValue: options },
        AnilistClient,
        AnilistHandlers,
        serviceHealthProvider('connector-anilist', [AnilistClient, METRICS], (client: AnilistClient, metrics: Metrics) => [
          { name: 'upstream', run: () => client.upstreamHealth() },
          { name: 'redis', run: () => client.redisHealth() },
          upstreamTrafficCheck(metrics.registry, ['anilist']),
        ]),
      ],
    };
  }
}
