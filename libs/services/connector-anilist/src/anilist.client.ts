import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppError, NotFoundError, SourceUnavailableError, ValidationError, type DetailField, type SourceAnime } from '@anime/contracts';
import { LOGGER, METRICS, type Logger, type Metrics } from '@anime/platform-observability';
import { createDefaultSourceClient, upstreamTuning, type CacheKind, type DefaultSourceClientOptions, type SourceClient, type SourceResult } from '@anime/platform-resilience';
import type { HealthCheck } from '@anime/platform-runtime';
import { ANILIST, anilistGraphqlError, parseAnilistAiring, parseAnilistAnime, toSourceAnime, type AnilistDetails } from './anilist-anime.parser';
import { anilistListGraphqlError, parseAnilistSchedulePage, parseAnilistSearch, type AnilistAiringItem, type AnilistListItem } from './anilist-list.parser';
import { ANILIST_AIRING_QUERY, ANILIST_ANIME_QUERY, ANILIST_SCHEDULE_QUERY, ANILIST_SEARCH_QUERY } from './anilist.queries';
import { CONNECTOR_ANILIST_ENV, type ConnectorAnilistEnv } from './connector-anilist.env';

/** Overrides of the kit's defaults for `anilist` (tests inject a clock and a no-wait sleep). */
export type AnilistClientOptions = Pick<DefaultSourceClientOptions, 'clock' | 'http' | 'breaker' | 'policy' | 'cache' | 'keyPrefix'>;

/** DI token of the {@link AnilistClientOptions}. */
export const ANILIST_CLIENT_OPTIONS = Symbol('ANILIST_CLIENT_OPTIONS');

/** A list answer: its items, when fetched (the oldest part), and whether any part was served stale. */
export interface AnilistList<T> {
  items: T[];
  fetchedAt: string;
  stale: boolean;
}

/** Pages of 50 followed for one schedule window (AniList's budget is 30 requests a minute). */
export const MAX_SCHEDULE_PAGES = 4;

/** GraphQL `Int` is 32-bit: a larger id can never exist and would be rejected by AniList with a 400. */
const MAX_ANILIST_ID = 2_147_483_647;

/** The details the query for static fields answers (everything but airing). */
const STATIC_FIELDS = [
  'titles',
  'synopsis',
  'score',
  'episodes',
  'status',
  'genres',
  'studios',
  'characters',
  'staff',
  'streaming',
  'trailer',
  'episode-list',
  'recommendations',
  'statistics',
] as const satisfies readonly DetailField[];

/** What an empty `fields` answers: the static fields minus the long lists nobody asked for. */
const DEFAULT_FIELDS = STATIC_FIELDS.filter((f) => f !== 'episode-list' && f !== 'recommendations' && f !== 'statistics');

/**
 * AniList through the resilience kit (its own breaker, limiter and cache): static details are
 * one GraphQL query cached as `metadata`, the next airing episode a separate small query cached
 * as `airing`, so asking for airing never serves a days-old schedule.
 */
@Injectable()
export class AnilistClient implements OnApplicationShutdown {
  private readonly source: SourceClient;
  private readonly redis?: Redis;

  constructor(
    @Inject(CONNECTOR_ANILIST_ENV) env: ConnectorAnilistEnv,
    @Inject(ANILIST_CLIENT_OPTIONS) options: AnilistClientOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    if (env.REDIS_URL) {
      this.redis = new Redis(env.REDIS_URL);
      // Without a listener ioredis prints every reconnect failure; the kit already degrades to memory.
      this.redis.on('error', (error: Error) => this.logger.warn({ source: ANILIST, err: error.message }, 'redis error'));
    }
    this.source = createDefaultSourceClient({ ...upstreamTuning(env), ...options, source: ANILIST, baseUrl: env.ANILIST_BASE_URL, redis: this.redis, registry: metrics.registry, logger });
  }

  /**
   * One anime by its AniList id, with the requested fields (empty = every static field but the
   * episode list, recommendations and statistics; airing only when asked). `stale` when a cached value was served because AniList failed.
   */
  async getAnime(id: string, fields: readonly DetailField[], signal?: AbortSignal): Promise<SourceAnime> {
    const numericId = parseAnilistId(id);
    const wanted = fields.length === 0 ? DEFAULT_FIELDS : STATIC_FIELDS.filter((f) => fields.includes(f));
    const [details, airing] = await Promise.all([
      wanted.length > 0 ? this.query(id, numericId, ANILIST_ANIME_QUERY, 'metadata', parseAnilistAnime, signal) : undefined,
      fields.includes('airing') ? this.query(id, numericId, ANILIST_AIRING_QUERY, 'airing', parseAnilistAiring, signal) : undefined,
    ]);
    const results: Array<SourceResult<unknown>> = [details, airing].filter((r): r is SourceResult<AnilistDetails> => r !== undefined);
    const value: AnilistDetails = { ...(details ? pick(details.value, wanted) : {}), ...(airing?.value ?? {}) };
    return toSourceAnime(value, {
      id,
      stale: results.some((r) => r.stale),
      // The oldest of the parts: the answer is only as fresh as its least fresh piece.
      fetchedAt: results.map((r) => r.fetchedAt).sort()[0] ?? new Date().toISOString(),
    });
  }

  /** The `upstream` health check: up while the breaker is closed, degraded (with the next probe time) otherwise. */
  async upstreamHealth(): Promise<Awaited<ReturnType<HealthCheck['run']>>> {
    const health = await this.source.health();
    const breaker = health.breakers[0];
    if (!breaker || breaker.state === 'closed') return { status: 'up', detail: 'circuit closed' };
    const cause = breaker.lastError ? ` (last error: ${breaker.lastError.message})` : '';
    if (breaker.state === 'open') return { status: 'degraded', detail: `circuit open; next attempt at ${breaker.retryAt ?? 'unknown'}${cause}` };
    return { status: 'degraded', detail: `circuit half-open; probing AniList${cause}` };
  }

  async onApplicationShutdown(): Promise<void> {
    this.source.close();
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  /**
   * Title search: one page of `limit` hits in AniList's relevance order, cached as `metadata`
   * (stale when AniList fails and an older answer is cached).
   */
  async search(query: string, limit: number, signal?: AbortSignal): Promise<AnilistList<AnilistListItem>> {
    const operation = `search "${query}"`;
    const result = await this.post(ANILIST_SEARCH_QUERY, { query, limit }, 'metadata', parseAnilistSearch, signal, (body) => anilistListGraphqlError(body, operation), (error) =>
      describeListFailure(error, operation),
    );
    return { items: result.value, fetchedAt: result.fetchedAt, stale: result.stale };
  }

  /**
   * Episodes airing in `[from, to)` in air-time order, following AniList's pages (50 each) up to
   * {@link MAX_SCHEDULE_PAGES}; each page cached as `schedule`. An episode seen on two pages
   * (the list shifted while paging) is listed once.
   */
  async schedule(from: string, to: string, signal?: AbortSignal): Promise<AnilistList<AnilistAiringItem>> {
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    if (!(fromMs < toMs)) throw new ValidationError(`"from" (${from}) must be before "to" (${to})`, { details: { source: ANILIST, from, to } });
    // Both bounds are exclusive upstream: `airingAt > from - 1 s` includes an episode airing at `from`.
    const variables = { from: Math.ceil(fromMs / 1000) - 1, to: Math.ceil(toMs / 1000) };
    const operation = `schedule ${from} – ${to}`;
    const items = new Map<string, AnilistAiringItem>();
    const parts: Array<SourceResult<unknown>> = [];
    for (let page = 1; page <= MAX_SCHEDULE_PAGES; page++) {
      const result = await this.post(ANILIST_SCHEDULE_QUERY, { ...variables, page }, 'schedule', parseAnilistSchedulePage, signal, (body) => anilistListGraphqlError(body, operation), (error) =>
        describeListFailure(error, operation),
      );
      parts.push(result);
      for (const item of result.value.items) {
        const key = `${item.sourceId}#${item.episode ?? ''}#${item.airingAt}`;
        if (!items.has(key)) items.set(key, item);
      }
      if (!result.value.hasNextPage) break;
      if (page === MAX_SCHEDULE_PAGES) this.logger.warn({ source: ANILIST, from, to, pages: page, items: items.size }, 'anilist schedule window truncated: more pages than followed');
    }
    return {
      items: [...items.values()].sort((a, b) => a.airingAt.localeCompare(b.airingAt)),
      fetchedAt: parts.map((r) => r.fetchedAt).sort()[0] ?? new Date().toISOString(),
      stale: parts.some((r) => r.stale),
    };
  }

  private query<T>(id: string, numericId: number, query: string, kind: CacheKind, parse: (body: unknown) => T, signal?: AbortSignal): Promise<SourceResult<T>> {
    // AniList reports some failures as HTTP 200 with an `errors` array and `data.Media: null`.
    return this.post(query, { id: numericId }, kind, parse, signal, (body) => anilistGraphqlError(body, id), (error) => describeFailure(error, id));
  }

  /** One GraphQL POST through the kit; `graphqlError` turns an HTTP 200 `errors` body into a typed error, `describe` restates the kit's errors. */
  private async post<T>(
    query: string,
    variables: Record<string, unknown>,
    kind: CacheKind,
    parse: (body: unknown) => T,
    signal: AbortSignal | undefined,
    graphqlError: (body: unknown) => AppError | undefined,
    describe: (error: unknown) => unknown,
  ): Promise<SourceResult<T>> {
    try {
      return await this.source.get('/', {
        kind,
        json: { query, variables },
        signal,
        parse: (body) => {
          const error = graphqlError(body);
          if (error) throw error;
          return parse(body);
        },
      });
    } catch (error) {
      throw describe(error);
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

/** AniList ids are positive 32-bit integers. */
function parseAnilistId(id: string): number {
  const numeric = /^[1-9]\d{0,9}$/.test(id) ? Number(id) : Number.NaN;
  if (!(numeric <= MAX_ANILIST_ID)) throw new ValidationError(`"${id}" is not an AniList anime id (a positive integer)`, { details: { source: ANILIST, id } });
  return numeric;
}

/** The kit's generic HTTP errors, restated for this source: the id that was not found, the API that is off. */
function describeFailure(error: unknown, id: string): unknown {
  if (!(error instanceof AppError)) return error;
  if (error.code === 'NOT_FOUND' && error.details?.['id'] === undefined) {
    return new NotFoundError(`AniList has no anime with id ${id}`, { details: { ...error.details, source: ANILIST, id }, cause: error });
  }
  // AniList answers 403 to everyone while its API is switched off (it has been, for maintenance).
  if (error.code === 'SOURCE_UNAVAILABLE' && error.details?.['status'] === 403) {
    return new SourceUnavailableError(`AniList API is disabled (HTTP 403) — cannot fetch anime ${id}`, {
      details: { ...error.details, source: ANILIST, id, reason: 'api-disabled' },
      cause: error,
    });
  }
  return error;
}

/** The kit's errors for a list query: an HTTP 404 at AniList's only endpoint means it moved (no list is "not found"); 403, the API is off. */
function describeListFailure(error: unknown, operation: string): unknown {
  if (!(error instanceof AppError)) return error;
  if (error.code === 'NOT_FOUND') {
    return new SourceUnavailableError(`AniList answered 404 for ${operation} (its GraphQL endpoint is not where configured)`, {
      details: { ...error.details, source: ANILIST, operation, reason: 'client-error' },
      cause: error,
    });
  }
  if (error.code === 'SOURCE_UNAVAILABLE' && error.details?.['status'] === 403) {
    return new SourceUnavailableError(`AniList API is disabled (HTTP 403) — cannot run ${operation}`, {
      details: { ...error.details, source: ANILIST, operation, reason: 'api-disabled' },
      cause: error,
    });
  }
  return error;
}

function pick(details: AnilistDetails, fields: readonly (typeof STATIC_FIELDS)[number][]): AnilistDetails {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (details[field] !== undefined) picked[field] = details[field];
  return picked as AnilistDetails;
}
