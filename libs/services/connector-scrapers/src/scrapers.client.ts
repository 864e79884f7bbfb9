import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppError, NotFoundError, SCRAPED_SOURCE_NAMES, type ScrapedSourceName } from '@anime/contracts';
import { LOGGER, METRICS, type Logger, type Metrics } from '@anime/platform-observability';
import { createDefaultSourceClient, upstreamTuning, type SourceClient, type SourceClientHealth, type SourceResult } from '@anime/platform-resilience';
import { SCRAPERS_ENV, SCRAPERS_OPTIONS, type ConnectorScrapersEnv, type ConnectorScrapersOptions } from './connector-scrapers.env';
import { parseAnnApiXml, parseAnnHtmlPage } from './ann-encyclopedia.parser';
import { SCRAPER_SITES } from './scraper-sites';
import { createScrapingFetch } from './scraping-fetch';
import type { ScrapedAnime } from './scraped-page';

/**
 * The five sites through the resilience kit, one `SourceClient` each: its own limiter (1 request/s
 * per host), its own breaker per host, pages cached a week (`kind: 'page'`), coalescing, stale on
 * error. Requests go out through got-scraping and only to the hosts of the configured base URLs.
 */
@Injectable()
export class ScrapersClient implements OnModuleDestroy {
  private readonly redis?: Redis;
  private readonly clients: Readonly<Record<ScrapedSourceName, SourceClient>>;

  constructor(
    @Inject(SCRAPERS_ENV) env: ConnectorScrapersEnv,
    @Inject(SCRAPERS_OPTIONS) options: ConnectorScrapersOptions,
    @Inject(LOGGER) logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    if (env.REDIS_URL) {
      this.redis = new Redis(env.REDIS_URL);
      // The kit falls back to per-process limits and the memory cache while Redis is away.
      this.redis.on('error', (error: Error) => logger.warn({ source: 'scrapers', err: error.message }, 'redis error'));
    }
    const allowedHosts = new Set(SCRAPED_SOURCE_NAMES.map((name) => new URL(SCRAPER_SITES[name].baseUrl(env)).host));
    const fetch = createScrapingFetch(allowedHosts);
    const tuning = upstreamTuning(env);
    const client = (name: ScrapedSourceName): SourceClient =>
      createDefaultSourceClient({ ...tuning, source: SCRAPER_SITES[name].kitSource, baseUrl: SCRAPER_SITES[name].baseUrl(env), redis: this.redis, registry: metrics.registry, logger, clock: options.clock, http: { ...tuning.http, fetch } });
    this.clients = { animeplanet: client('animeplanet'), livechart: client('livechart'), anisearch: client('anisearch'), ann: client('ann'), simkl: client('simkl') };
  }

  /** The anime page of `site` parsed (ANN: its XML API, falling back to the HTML page when the API fails). */
  async anime(site: ScrapedSourceName, id: string, signal?: AbortSignal): Promise<SourceResult<ScrapedAnime>> {
    const spec = SCRAPER_SITES[site];
    if (!spec.id.test(id)) throw new NotFoundError(`${spec.label} has no anime with id ${id} (not an id of its shape)`, { details: { source: site, id } });
    try {
      if (site === 'ann') return await this.annAnime(id, signal);
      const parse = spec.parse;
      if (!parse) throw new Error(`no parser for ${site}`);
      return await this.clients[site].get(spec.pagePath(id), { kind: 'page', responseType: 'text', signal, parse: (body) => parse(String(body), id) });
    } catch (error) {
      // The kit's 404 names only the URL; callers need the site and the id.
      if (error instanceof AppError && error.code === 'NOT_FOUND' && error.details?.['id'] === undefined) {
        throw new NotFoundError(`${spec.label} has no anime with id ${id}`, { details: { source: site, id }, cause: error });
      }
      throw error;
    }
  }

  /** Per site: its breakers (one per host), limiter and cache, for `/health`. */
  async health(): Promise<Array<SourceClientHealth & { site: ScrapedSourceName }>> {
    return Promise.all(SCRAPED_SOURCE_NAMES.map(async (site) => ({ site, ...(await this.clients[site].health()) })));
  }

  /** Health of the shared Redis tier: degraded (still serving from memory) while it is unreachable. */
  redisHealth(): { status: 'up' | 'degraded'; detail: string } {
    if (!this.redis) return { status: 'up', detail: 'no Redis configured: limiters and cache per process' };
    return this.redis.status === 'ready'
      ? { status: 'up', detail: 'shared limiters and cache in Redis' }
      : { status: 'degraded', detail: `Redis ${this.redis.status}: limiters and cache fall back to this process` };
  }

  onModuleDestroy(): void {
    for (const client of Object.values(this.clients)) client.close();
    this.redis?.disconnect();
  }

  /**
   * api.xml first (structured: staff, cast, news); on any failure but "ANN has no such anime" and
   * the caller leaving, the HTML page — a different URL, so it has its own cache entry.
   */
  private async annAnime(id: string, signal?: AbortSignal): Promise<SourceResult<ScrapedAnime>> {
    const ann = this.clients.ann;
    try {
      return await ann.get('/encyclopedia/api.xml', { kind: 'page', responseType: 'text', query: { anime: id }, signal, parse: (body) => parseAnnApiXml(String(body), id) });
    } catch (error) {
      const code = error instanceof AppError ? error.code : undefined;
      if ((code === 'NOT_FOUND' && error instanceof AppError && error.details?.['id'] === id) || code === 'CANCELLED' || code === 'DEADLINE_EXCEEDED' || signal?.aborted) throw error;
      return ann.get(SCRAPER_SITES.ann.pagePath(id), { kind: 'page', responseType: 'text', signal, parse: (body) => parseAnnHtmlPage(String(body), id) });
    }
  }
}
