import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppError, NotFoundError, type SourceAnime } from '@anime/contracts';
import { LOGGER, METRICS, type Logger, type Metrics } from '@anime/platform-observability';
import { createDefaultSourceClient, upstreamTuning, type BreakerHealth, type CacheKind, type SourceClient, type SourceResult } from '@anime/platform-resilience';
import { KITSU_ENV, KITSU_OPTIONS, type ConnectorKitsuEnv, type ConnectorKitsuOptions } from './connector-kitsu.env';
import { KITSU_INCLUDED_RELATIONSHIPS, parseKitsuAnimeDocument, type KitsuAnimeRecord } from './kitsu-anime.parser';
import { parseKitsuStreamingLinks } from './kitsu-streaming.parser';
import { parseKitsuAnimeList, type KitsuListItem } from './kitsu-search.parser';
import { parseKitsuEpisodeList, type KitsuEpisode } from './kitsu-episodes.parser';

/** The `include` of the anime request: what genres and studios are resolved from. */
export const KITSU_ANIME_INCLUDE = 'categories,genres,animeProductions.producer,mediaRelationships.destination';

// Sparse fieldsets: the included resources are only read for these names.
const SPARSE_FIELDS = { 'fields[categories]': 'title', 'fields[genres]': 'name', 'fields[producers]': 'name' } as const;

/** Kitsu refuses a `page[limit]` above 20 on its collections. */
export const KITSU_MAX_PAGE = 20;
/** Episodes fetched for `episode-list`: the first page, in episode order. */
export const KITSU_EPISODE_PAGE = 20;

/**
 * Kitsu over HTTP through the resilience kit (limiter 10/s, breaker, tiered cache, retries,
 * coalescing): each method returns the parsed value with its provenance.
 */
@Injectable()
export class KitsuClient implements OnModuleDestroy {
  private readonly redis?: Redis;
  private readonly client: SourceClient;

  constructor(
    @Inject(KITSU_ENV) env: ConnectorKitsuEnv,
    @Inject(KITSU_OPTIONS) options: ConnectorKitsuOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    if (env.REDIS_URL) {
      this.redis = new Redis(env.REDIS_URL);
      // Without a listener ioredis reports every reconnect as an unhandled error; the kit already
      // falls back to per-replica limits and the memory cache while Redis is away.
      this.redis.on('error', (error: Error) => this.logger.warn({ source: 'kitsu', err: error.message }, 'redis error'));
    }
    this.client = createDefaultSourceClient({ ...upstreamTuning(env), source: 'kitsu', baseUrl: env.KITSU_BASE_URL, redis: this.redis, registry: metrics.registry, logger, clock: options.clock });
  }

  /**
   * The anime with its categories, genres and studios (`kind: 'metadata'`), or only its own
   * attributes from `/anime/<id>` when the caller needs fast-changing data (`kind: 'airing'`),
   * so a short TTL does not refetch the whole include tree.
   */
  async anime(id: string, kind: CacheKind, signal?: AbortSignal): Promise<SourceResult<KitsuAnimeRecord>> {
    assertKitsuId(id);
    if (kind === 'airing') {
      return this.call(id, () => this.client.get(`/anime/${id}`, { kind, signal, parse: (body) => parseKitsuAnimeDocument(body, { id }) }));
    }
    return this.call(id, () =>
      this.client.get('/anime', {
        kind,
        signal,
        query: { 'filter[id]': id, include: KITSU_ANIME_INCLUDE, ...SPARSE_FIELDS },
        parse: (body) => parseKitsuAnimeDocument(body, { id, requireIncluded: KITSU_INCLUDED_RELATIONSHIPS }),
      }),
    );
  }

  /** Legal streaming links with the streamer's name (`kind: 'streaming'`). */
  async streaming(id: string, signal?: AbortSignal): Promise<SourceResult<NonNullable<SourceAnime['streaming']>>> {
    assertKitsuId(id);
    return this.call(id, () => this.client.get(`/anime/${id}/streaming-links`, { kind: 'streaming', signal, query: { include: 'streamer' }, parse: parseKitsuStreamingLinks }));
  }

  /** Title search (`/anime?filter[text]=…`, `kind: 'metadata'`), at most {@link KITSU_MAX_PAGE} hits. */
  async search(query: string, limit: number, signal?: AbortSignal): Promise<SourceResult<KitsuListItem[]>> {
    return this.client.get('/anime', {
      kind: 'metadata',
      signal,
      query: { 'filter[text]': query, 'page[limit]': Math.min(limit, KITSU_MAX_PAGE) },
      parse: parseKitsuAnimeList,
    });
  }

  /** The first {@link KITSU_EPISODE_PAGE} episodes in order (`kind: 'metadata'`). */
  async episodes(id: string, signal?: AbortSignal): Promise<SourceResult<KitsuEpisode[]>> {
    assertKitsuId(id);
    return this.call(id, () =>
      this.client.get(`/anime/${id}/episodes`, { kind: 'metadata', signal, query: { 'page[limit]': KITSU_EPISODE_PAGE, sort: 'number' }, parse: parseKitsuEpisodeList }),
    );
  }

  /** The source's breaker (one: Kitsu is a single host). */
  async breaker(): Promise<BreakerHealth | undefined> {
    return (await this.client.health()).breakers[0];
  }

  onModuleDestroy(): void {
    this.client.close();
    // disconnect, not quit: at shutdown nothing is worth waiting for a slow or absent Redis.
    this.redis?.disconnect();
  }

  /** The kit's 404 names only the URL; callers need to know which anime is missing. */
  private async call<T>(id: string, get: () => Promise<SourceResult<T>>): Promise<SourceResult<T>> {
    try {
      return await get();
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND' && error.details?.['id'] === undefined) {
        throw new NotFoundError(`Kitsu has no anime with id ${id}`, { details: { source: 'kitsu', id }, cause: error });
      }
      throw error;
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

/** Kitsu ids are numeric; anything else cannot exist there (and must not reach the URL path). */
function assertKitsuId(id: string): void {
  if (!/^\d+$/.test(id)) throw new NotFoundError(`Kitsu has no anime with id ${id} (Kitsu ids are numeric)`, { details: { source: 'kitsu', id } });
}
