import { Module, type DynamicModule } from '@nestjs/common';
import { serviceHealthProvider } from '@anime/platform-runtime';
import { METRICS, type Metrics } from '@anime/platform-observability';
import { upstreamTrafficCheck } from '@anime/platform-resilience';
import { ANIMESCHEDULE_ENV, ANIMESCHEDULE_OPTIONS, SCHEDULE_CLOCK, scheduleClock, type ConnectorAnimescheduleEnv, type ConnectorAnimescheduleOptions } from './connector-animeschedule.env';
import { AnimeScheduleClient } from './animeschedule.client';
import { AnimeScheduleHandlers } from './animeschedule.handlers';
import { ListAiringUseCase } from './list-airing.usecase';

/**
 * AnimeSchedule v3 connector and the merged schedule: serves `source.v1.animeschedule.{timetable,get,search}`
 * through its own breaker, limiter (adapting to X-RateLimit-*) and cache, and `schedule.v1.airing.list`
 * (AnimeSchedule + AniList + Jikan over the transport, keyed by catalog ids).
 */
@Module({})
export class ConnectorAnimescheduleModule {
  /** `options` are test seams (injected clock, fast retries); the apps pass none. */
  static forRoot(env: ConnectorAnimescheduleEnv, options: ConnectorAnimescheduleOptions = {}): DynamicModule {
    const clock = scheduleClock(env, options);
    return {
      module: ConnectorAnimescheduleModule,
      providers: [
        { provide: ANIMESCHEDULE_ENV, useValue: env },
        // The kit's cache, limiter and breaker run on the injected clock, never on a frozen CLOCK_NOW (TTLs must pass).
        { provide: ANIMESCHEDULE_OPTIONS, useValue: options },
        { provide: SCHEDULE_CLOCK, useValue: clock },
        AnimeScheduleClient,
        ListAiringUseCase,
        AnimeScheduleHandlers,
        serviceHealthProvider('connector-animeschedule', [AnimeScheduleClient, METRICS], (client: AnimeScheduleClient, metrics: Metrics) => [
          { name: 'upstream', run: () => client.upstreamHealth() },
          { name: 'redis', run: () => client.redisHealth() },
          upstreamTrafficCheck(metrics.registry, ['animeschedule']),
        ]),
      ],
    };
  }
}
