import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppError, NotFoundError, SourceUnavailableError, ValidationError, type DetailField, type SourceAnime } from '@anime/contracts';
import { LOGGER, METRICS, type Logger, type Metrics } from '@anime/platform-observability';
import { createDefaultSourceClient, type CacheKind, type DefaultSourceClientOptions, type SourceClient, type SourceResult } from '@anime/platform-resilience';
import type { HealthCheck } from '@anime/platform-runtime';
import { ANILIST, anilistGraphqlError, parseAnilistAiring, parseAnilistAnime, toSourceAnime, type AnilistDetails } from './anilist-anime.parser';
import { ANILIST_AIRING_QUERY, ANILIST_ANIME_QUERY } from './anilist.queries';
import { CONNECTOR_ANILIST_ENV, type ConnectorAnilistEnv } from './connector-anilist.env';

/** Overrides of the kit's defaults for `anilist` (tests inject a clock and a no-wait sleep). */
export type AnilistClientOptions = Pick<DefaultSourceClientOptions, 'clock' | 'http' | 'breaker' | 'policy' | 'cache' | 'keyPrefix'>;

/** DI token of the {@link AnilistClientOptions}. */
export const ANILIST_CLIENT_OPTIONS = Symbol('ANILIST_CLIENT_OPTIONS');

/** GraphQL `Int` is 32-bit: a larger id can never exist and would be rejected by AniList with a 400. */
const MAX_ANILIST_ID = 2_147_483_647;

/** The details the query for static fields answers (everything but airing). */
const STATIC_FIELDS = ['titles', 'synopsis', 'score', 'episodes', 'status', 'genres', 'studios', 'characters', 'staff', 'streaming', 'trailer'] as const satisfies readonly DetailField[];

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
    this.source = createDefaultSourceClient({ ...options, source: ANILIST, baseUrl: env.ANILIST_BASE_URL, redis: this.redis, registry: metrics.registry, logger });
  }

  /**
   * One anime by its AniList id, with the requested fields (empty = every static field; airing
   * only when asked). `stale` when a cached value was served because AniList failed.
   */
  async getAnime(id: string, fields: readonly DetailField[], signal?: AbortSignal): Promise<SourceAnime> {
    const numericId = parseAnilistId(id);
    const wanted = fields.length === 0 ? STATIC_FIELDS : STATIC_FIELDS.filter((f) => fields.includes(f));
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

  private async query<T>(id: string, numericId: number, query: string, kind: CacheKind, parse: (body: unknown) => T, signal?: AbortSignal): Promise<SourceResult<T>> {
    try {
      return await this.source.get('/', {
        kind,
        json: { query, variables: { id: numericId } },
        signal,
        parse: (body) => {
          // AniList reports some failures as HTTP 200 with an `errors` array and `data.Media: null`.
          const error = anilistGraphqlError(body, id);
          if (error) throw error;
          return parse(body);
        },
      });
    } catch (error) {
      throw describeFailure(error, id);
    }
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

function pick(details: AnilistDetails, fields: readonly (typeof STATIC_FIELDS)[number][]): AnilistDetails {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (details[field] !== undefined) picked[field] = details[field];
  return picked as AnilistDetails;
}
