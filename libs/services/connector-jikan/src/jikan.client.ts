import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppError, NotFoundError, SourceUnavailableError, UpstreamChangedError } from '@anime/contracts';
import { LOGGER, METRICS, type Logger, type Metrics } from '@anime/platform-observability';
import {
  CACHE_TTL_BY_KIND,
  createDefaultSourceClient,
  upstreamTuning,
  systemClock,
  type CacheKind,
  type Clock,
  type DefaultSourceClientOptions,
  type SourceClient,
  type SourceGetOptions,
  type SourceResult,
} from '@anime/platform-resilience';
import type { HealthCheck } from '@anime/platform-runtime';
import { CONNECTOR_JIKAN_ENV, type ConnectorJikanEnv } from './connector-jikan.env';
import { parseJikanAnimeFull, type JikanAnimeRecord } from './jikan-anime.parser';
import { parseJikanCharacters, parseJikanStaff, type JikanCharacter, type JikanStaffMember } from './jikan-credits.parser';
import { parseJikanEpisodes, parseJikanRecommendations, parseJikanStatistics, type JikanEpisode, type JikanRecommendation, type JikanStatistics } from './jikan-extras.parser';
import { JIKAN_SOURCE } from './jikan-fields.parser';
import { parseJikanListPage, type JikanListPage } from './jikan-list.parser';
import { parseJikanSchedulePage, type JikanSchedulePage } from './jikan-schedule.parser';

/** DI token of the {@link JikanClientOverrides}. */
export const JIKAN_CLIENT_OVERRIDES = Symbol('JIKAN_CLIENT_OVERRIDES');

/** Test and tuning seams of the source client (clock, HTTP retries, breaker, cache); production passes none. */
export type JikanClientOverrides = Pick<DefaultSourceClientOptions, 'clock' | 'http' | 'breaker' | 'cache' | 'keyPrefix'>;

/**
 * Jikan v4 through the resilience kit (limiter 3/s + 60/min, breaker, two-tier cache, retries):
 * one method per endpoint, each returning parsed values with their provenance. Translates the
 * kit's generic errors into ones that name the anime and MAL.
 */
@Injectable()
export class JikanClient implements OnApplicationShutdown {
  private readonly client: SourceClient;
  private readonly redis?: Redis;
  private readonly clock: Clock;

  constructor(
    @Inject(CONNECTOR_JIKAN_ENV) env: ConnectorJikanEnv,
    @Inject(LOGGER) logger: Logger,
    @Inject(METRICS) metrics: Metrics,
    @Inject(JIKAN_CLIENT_OVERRIDES) overrides: JikanClientOverrides,
  ) {
    this.clock = overrides.clock ?? systemClock;
    // Shared limiter windows and cache across replicas when Redis is configured; memory otherwise.
    if (env.REDIS_URL) this.redis = connectRedis(env.REDIS_URL, logger);
    this.client = createDefaultSourceClient({ ...upstreamTuning(env), ...overrides, source: JIKAN_SOURCE, baseUrl: env.JIKAN_BASE_URL, redis: this.redis, registry: metrics.registry, logger });
  }

  /** Now, on the same clock as the cache (so computed air times agree with fetchedAt in tests). */
  now(): number {
    return this.clock.now();
  }

  /**
   * `/anime/{id}/full`. `kind: 'airing'` (an airing-only question) refetches a cached value
   * older than the airing TTL even if it was stored as long-lived metadata: the cache judges
   * freshness by the kind an entry was stored with.
   */
  async anime(id: string, kind: CacheKind, signal?: AbortSignal): Promise<SourceResult<JikanAnimeRecord>> {
    const options: SourceGetOptions<JikanAnimeRecord> = { kind, parse: parseJikanAnimeFull, signal };
    const path = `/anime/${id}/full`;
    const first = await this.get(id, path, options);
    if (kind !== 'airing' || !first.cached || first.stale) return first;
    if (this.clock.now() - Date.parse(first.fetchedAt) < CACHE_TTL_BY_KIND.airing.ttlMs) return first;
    return this.get(id, path, { ...options, refresh: true });
  }

  /** `/anime/{id}/characters` (main cast first, Japanese voice actors). */
  characters(id: string, signal?: AbortSignal): Promise<SourceResult<JikanCharacter[]>> {
    return this.get(id, `/anime/${id}/characters`, { kind: 'metadata', parse: parseJikanCharacters, signal });
  }

  /** `/anime/{id}/staff`. */
  staff(id: string, signal?: AbortSignal): Promise<SourceResult<JikanStaffMember[]>> {
    return this.get(id, `/anime/${id}/staff`, { kind: 'metadata', parse: parseJikanStaff, signal });
  }

  /** `/anime/{id}/episodes` (first page). */
  episodes(id: string, signal?: AbortSignal): Promise<SourceResult<JikanEpisode[]>> {
    return this.get(id, `/anime/${id}/episodes`, { kind: 'metadata', parse: parseJikanEpisodes, signal });
  }

  /** `/anime/{id}/recommendations`. */
  recommendations(id: string, signal?: AbortSignal): Promise<SourceResult<JikanRecommendation[]>> {
    return this.get(id, `/anime/${id}/recommendations`, { kind: 'metadata', parse: parseJikanRecommendations, signal });
  }

  /** `/anime/{id}/statistics`: list counts change daily, but a few days old is fine for a summary. */
  statistics(id: string, signal?: AbortSignal): Promise<SourceResult<JikanStatistics>> {
    return this.get(id, `/anime/${id}/statistics`, { kind: 'metadata', parse: parseJikanStatistics, signal });
  }

  /** `/anime?q=&limit=`: MAL's title search. */
  search(query: string, limit: number, signal?: AbortSignal): Promise<SourceResult<JikanListPage>> {
    return this.list('/anime', { kind: 'metadata', parse: parseJikanListPage, query: { q: query, limit }, signal });
  }

  /** `/top/anime?limit=`. */
  top(limit: number, signal?: AbortSignal): Promise<SourceResult<JikanListPage>> {
    return this.list('/top/anime', { kind: 'metadata', parse: parseJikanListPage, query: { limit }, signal });
  }

  /** `/seasons/{year}/{season}?limit=`, or `/seasons/now?limit=` without a season. */
  season(season: { year: number; season: string } | undefined, limit: number, signal?: AbortSignal): Promise<SourceResult<JikanListPage>> {
    const path = season ? `/seasons/${season.year}/${season.season}` : '/seasons/now';
    return this.list(path, { kind: 'metadata', parse: parseJikanListPage, query: { limit }, signal });
  }

  /** `/schedules?filter=<day>` (`&page=` after the first); `schedule` kind: a day's list changes with the season. */
  schedule(day: string, page: number, signal?: AbortSignal): Promise<SourceResult<JikanSchedulePage>> {
    return this.list('/schedules', { kind: 'schedule', parse: parseJikanSchedulePage, query: page > 1 ? { filter: day, page } : { filter: day }, signal });
  }

  /** The `upstream` health check: the breaker's state, with the next probe time while open. */
  async upstreamHealth(): Promise<Awaited<ReturnType<HealthCheck['run']>>> {
    const [breaker] = (await this.client.health()).breakers;
    if (!breaker || breaker.state === 'closed') return { status: 'up', detail: 'breaker closed' };
    if (breaker.state === 'half-open') return { status: 'degraded', detail: 'breaker half-open: probing Jikan' };
    return { status: 'degraded', detail: `breaker open after ${breaker.consecutiveFailures} failures; retry at ${breaker.retryAt ?? 'unknown'}` };
  }

  onApplicationShutdown(): void {
    this.client.close();
    if (this.redis && this.redis.status !== 'end') this.redis.disconnect();
  }

  private async get<T>(id: string, path: string, options: SourceGetOptions<T>): Promise<SourceResult<T>> {
    try {
      return await this.client.get(path, options);
    } catch (error) {
      throw translate(error, id);
    }
  }

  /** `get` for list endpoints: no anime id to name, and a 404 there means the endpoint moved. */
  private async list<T>(path: string, options: SourceGetOptions<T>): Promise<SourceResult<T>> {
    try {
      return await this.client.get(path, options);
    } catch (error) {
      throw translateList(error, path);
    }
  }

  /** Health of the shared Redis tier: degraded (still serving from memory) while it is unreachable. */
  redisHealth(): { status: 'up' | 'degraded'; detail: string } {
    if (!this.redis) return { status: 'up', detail: 'no Redis configured: limiter and cache per process' };
    return this.redis.status === 'ready'
      ? { status: 'up', detail: 'shared limiter and cache in Redis' }
      : { status: 'degraded', detail: `Redis ${this.redis.status}: limiter and cache fall back to this process` };
  }
}

/**
 * A Redis client for the limiter and cache. The kit degrades to per-replica limits and the
 * process cache while Redis is down, so errors are logged (once per outage, since ioredis
 * repeats them on every reconnect attempt), never thrown.
 */
function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let healthy = true;
  redis.on('error', (error: Error) => {
    if (healthy) logger.warn({ source: JIKAN_SOURCE, err: error.message }, 'jikan redis unreachable; limiter and cache run per process');
    healthy = false;
  });
  redis.on('ready', () => {
    healthy = true;
  });
  return redis;
}

/** The kit's 404 names a URL; callers want the anime. A 504 from Jikan is its "MyAnimeList is down" answer. */
function translate(error: unknown, id: string | undefined): unknown {
  if (!(error instanceof AppError)) return error;
  if (error.code === 'NOT_FOUND') {
    return new NotFoundError(`MyAnimeList has no anime with id ${id} (Jikan answered 404)`, { details: { ...error.details, source: JIKAN_SOURCE, id }, cause: error });
  }
  if (error.code === 'SOURCE_UNAVAILABLE' && error.details?.['status'] === 504) {
    return new SourceUnavailableError('MyAnimeList is down or not answering Jikan (HTTP 504); retry later', {
      details: id === undefined ? { ...error.details } : { ...error.details, id },
      retryAfterMs: error.retryAfterMs,
      cause: error,
    });
  }
  return error;
}

/** List endpoints always exist: a 404 there means Jikan moved or dropped the endpoint. */
function translateList(error: unknown, path: string): unknown {
  if (error instanceof AppError && error.code === 'NOT_FOUND') {
    return new UpstreamChangedError(`${JIKAN_SOURCE}: ${path} answered 404 (the endpoint may have moved)`, { details: { ...error.details, source: JIKAN_SOURCE, path }, cause: error });
  }
  return translate(error, undefined);
}
