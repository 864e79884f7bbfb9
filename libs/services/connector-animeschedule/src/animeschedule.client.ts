import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppError, NotFoundError, UpstreamChangedError, type AirType, type AnimeScheduleEntry } from '@anime/contracts';
import { LOGGER, METRICS, type Logger, type Metrics } from '@anime/platform-observability';
import { createDefaultSourceClient, headerValue, type HttpResponse, type SourceClient, type SourceGetOptions, type SourceResult } from '@anime/platform-resilience';
import type { HealthCheck } from '@anime/platform-runtime';
import { ANIMESCHEDULE_ENV, ANIMESCHEDULE_OPTIONS, type ConnectorAnimescheduleEnv, type ConnectorAnimescheduleOptions } from './connector-animeschedule.env';
import { ANIMESCHEDULE } from './animeschedule-fields';
import { parseAnimeScheduleAnime, parseAnimeScheduleSearch, type AnimeScheduleAnimeRecord } from './animeschedule-anime.parser';
import { parseAnimeScheduleTimetable } from './animeschedule-timetable.parser';

/** Said wherever it matters (boot log, health, answers) when no token is configured. */
export const NO_TOKEN_NOTE = 'AnimeSchedule is called without ANIMESCHEDULE_TOKEN: its anonymous rate limits are far lower than with a token (set ANIMESCHEDULE_TOKEN for normal limits)';

/** The last X-RateLimit-* figures AnimeSchedule sent (for health and tests). */
export interface RateLimitSeen {
  limit?: number;
  remaining?: number;
  reset?: string;
}

/** One timetable week as the upstream places it. */
export interface TimetableQuery {
  airType: AirType;
  week?: number;
  year?: number;
  timezone?: string;
}

/**
 * AnimeSchedule v3 through the resilience kit: its own breaker, a limiter that starts at 2/s and
 * then follows the upstream's `X-RateLimit-Remaining/Reset` headers (remaining 0 blocks the source
 * until the reset, shared across replicas through Redis), the tiered cache and coalescing. Sends
 * the Bearer token when one is configured.
 */
@Injectable()
export class AnimeScheduleClient implements OnApplicationShutdown {
  private readonly client: SourceClient;
  private readonly redis?: Redis;
  private readonly headers: Readonly<Record<string, string>>;
  private rateLimit: RateLimitSeen = {};

  constructor(
    @Inject(ANIMESCHEDULE_ENV) env: ConnectorAnimescheduleEnv,
    @Inject(ANIMESCHEDULE_OPTIONS) options: ConnectorAnimescheduleOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.headers = env.ANIMESCHEDULE_TOKEN ? { authorization: `Bearer ${env.ANIMESCHEDULE_TOKEN}` } : {};
    if (!env.ANIMESCHEDULE_TOKEN) logger.warn({ source: ANIMESCHEDULE }, NO_TOKEN_NOTE);
    if (env.REDIS_URL) {
      this.redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
      // The kit already falls back to per-process limits and cache while Redis is away.
      this.redis.on('error', (error: Error) => this.logger.warn({ source: ANIMESCHEDULE, err: error.message }, 'redis error'));
    }
    const { sourceTimeoutMs: _unused, ...kit } = options;
    this.client = createDefaultSourceClient({ ...kit, source: ANIMESCHEDULE, baseUrl: env.ANIMESCHEDULE_BASE_URL, redis: this.redis, registry: metrics.registry, logger });
  }

  /** True when a token is configured (normal limits). */
  get authenticated(): boolean {
    return this.headers['authorization'] !== undefined;
  }

  /** `/timetables/{airType}?week=&year=&tz=` (`schedule` kind: a week's list changes as delays are announced). */
  timetable(query: TimetableQuery, signal?: AbortSignal): Promise<SourceResult<AnimeScheduleEntry[]>> {
    const params: Record<string, string | number> = {};
    if (query.week !== undefined && query.year !== undefined) Object.assign(params, { week: query.week, year: query.year });
    if (query.timezone) params['tz'] = query.timezone;
    return this.get(`/timetables/${query.airType}`, { kind: 'schedule', query: params, parse: (body, response) => this.observed(response, parseAnimeScheduleTimetable(body)), signal }, 'list');
  }

  /** `/anime/{slug}`. */
  anime(slug: string, signal?: AbortSignal): Promise<SourceResult<AnimeScheduleAnimeRecord>> {
    return this.get(`/anime/${slug}`, { kind: 'metadata', parse: (body, response) => this.observed(response, parseAnimeScheduleAnime(body)), signal }, slug);
  }

  /** `/anime?q=`: AnimeSchedule's title search (its pages hold up to 18 hits). */
  search(query: string, signal?: AbortSignal): Promise<SourceResult<ReturnType<typeof parseAnimeScheduleSearch>>> {
    return this.get('/anime', { kind: 'metadata', query: { q: query }, parse: (body, response) => this.observed(response, parseAnimeScheduleSearch(body)), signal }, 'list');
  }

  /** The last rate-limit figures the upstream sent. */
  lastRateLimit(): RateLimitSeen {
    return { ...this.rateLimit };
  }

  /** The `upstream` health check: breaker, the upstream's own budget, and the token note. */
  async upstreamHealth(): Promise<Awaited<ReturnType<HealthCheck['run']>>> {
    const health = await this.client.health();
    const [breaker] = health.breakers;
    const budget = this.rateLimit.remaining !== undefined ? `; upstream budget ${this.rateLimit.remaining}/${this.rateLimit.limit ?? '?'}` : '';
    const token = this.authenticated ? '' : `; ${NO_TOKEN_NOTE}`;
    if (breaker && breaker.state !== 'closed') return { status: 'degraded', detail: `breaker ${breaker.state}; retry at ${breaker.retryAt ?? 'unknown'}${budget}${token}` };
    if (health.limiter.blockedForMs > 0) return { status: 'degraded', detail: `rate limited by AnimeSchedule for ${health.limiter.blockedForMs} ms${budget}${token}` };
    return { status: 'up', detail: `breaker closed${budget}${token}` };
  }

  /** Health of the shared Redis tier: degraded (still serving from memory) while it is unreachable. */
  redisHealth(): { status: 'up' | 'degraded'; detail: string } {
    if (!this.redis) return { status: 'up', detail: 'no Redis configured: limiter and cache per process' };
    return this.redis.status === 'ready'
      ? { status: 'up', detail: 'shared limiter and cache in Redis' }
      : { status: 'degraded', detail: `Redis ${this.redis.status}: limiter and cache fall back to this process` };
  }

  onApplicationShutdown(): void {
    this.client.close();
    this.redis?.disconnect();
  }

  /** Remembers the budget headers of a good response (the limiter itself already adapted to them). */
  private observed<T>(response: HttpResponse, value: T): T {
    const number = (name: string): number | undefined => {
      const v = headerValue(response.headers, name);
      return v !== undefined && /^\d+$/u.test(v.trim()) ? Number(v) : undefined;
    };
    const seen: RateLimitSeen = {};
    const limit = number('x-ratelimit-limit');
    const remaining = number('x-ratelimit-remaining');
    const reset = headerValue(response.headers, 'x-ratelimit-reset');
    if (limit !== undefined) seen.limit = limit;
    if (remaining !== undefined) seen.remaining = remaining;
    if (reset) seen.reset = reset;
    if (Object.keys(seen).length) this.rateLimit = seen;
    return value;
  }

  /** The kit's 404 names a URL: for an anime that is "no such slug", for a list the endpoint moved. */
  private async get<T>(path: string, options: Omit<SourceGetOptions<T>, 'headers'>, slugOrList: string): Promise<SourceResult<T>> {
    try {
      return await this.client.get(path, { ...options, headers: this.headers });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
      if (slugOrList === 'list') {
        throw new UpstreamChangedError(`${ANIMESCHEDULE}: ${path} answered 404 (the endpoint may have moved)`, { details: { ...error.details, source: ANIMESCHEDULE, path }, cause: error });
      }
      throw new NotFoundError(`AnimeSchedule has no anime with slug "${slugOrList}"`, { details: { source: ANIMESCHEDULE, slug: slugOrList }, cause: error });
    }
  }
}
