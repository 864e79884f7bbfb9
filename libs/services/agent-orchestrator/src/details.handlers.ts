import { Injectable } from '@nestjs/common';
import {
  AppError,
  CatalogContracts,
  DetailsContracts,
  SCRAPED_ONLY_FIELDS,
  SCRAPED_SOURCE_FIELDS,
  SCRAPED_SOURCE_NAMES,
  SOURCE_NAMES,
  SourceContracts,
  type Anime,
  type DetailField,
  type Platform,
  type RpcOutput,
  type RpcParsedRequest,
  type ScrapedSourceName,
  type SourceAnime,
  type SourceName,
} from '@anime/contracts';
import { RpcClient, RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import { summarize } from '@anime/search';

type C = typeof DetailsContracts;
type Status = RpcOutput<C['get']>['sources'][number];

/** Which catalog platform id each live source is keyed by. */
const PLATFORM_OF: Readonly<Record<SourceName, Platform>> = {
  anilist: 'anilist',
  jikan: 'myanimelist',
  kitsu: 'kitsu',
  animeplanet: 'anime-planet',
  livechart: 'livechart',
  anisearch: 'anisearch',
  ann: 'animenewsnetwork',
  simkl: 'simkl',
};
const DEFAULT_FIELDS: DetailField[] = ['synopsis', 'score', 'episodes', 'status', 'genres', 'studios', 'streaming'];
/** Leave the caller time to answer after the slowest source. */
const SOURCE_BUDGET_FRACTION = 0.8;

interface Fetched {
  name: SourceName;
  status: Status;
  data?: SourceAnime;
}

/**
 * `details.v1.anime.*`: asks every live source that lists the anime, in parallel within the
 * deadline, and keeps each value with its provenance. A source that failed, timed out or does not
 * list the anime is named with the reason — the offline catalog fields still answer. Scraped sites
 * are asked on demand only: when the caller names them, or for a field only they have (tags,
 * related, synopses, …); otherwise they are listed as skipped.
 */
@Injectable()
export class DetailsHandlers {
  constructor(private readonly rpc: RpcClient) {}

  @RpcHandler(DetailsContracts.get)
  async get(request: RpcParsedRequest<C['get']>, ctx: HandlerContext): Promise<RpcOutput<C['get']>> {
    const { anime } = await this.rpc.call(CatalogContracts.get, { ref: request.ref });
    const asked = request.fields.length ? request.fields : DEFAULT_FIELDS;
    // A synopsis language needs the language-tagged synopses.
    const wanted: DetailField[] = request.language && !asked.includes('synopses') ? [...asked, 'synopses'] : asked;
    const fetched = await this.fetchAll(anime, request.sources, wanted, ctx);
    const fields: RpcOutput<C['get']>['fields'] = {};
    for (const field of wanted) {
      fields[field] = fetched
        .filter((f): f is Fetched & { data: SourceAnime } => f.data !== undefined && f.data[field] !== undefined)
        .map((f) => ({ value: f.data[field], source: f.name, sourceUrl: f.data.sourceUrl, fetchedAt: f.data.fetchedAt, stale: f.data.stale }));
    }
    if (request.language) fields['synopses'] = inLanguage(fields['synopses'] ?? [], request.language);
    const offline = summarize(anime);
    return { id: anime.id, title: anime.title, offline, fields, sources: fetched.map((f) => f.status), warnings: warningsOf(fetched) };
  }

  @RpcHandler(DetailsContracts.compare)
  async compare(request: RpcParsedRequest<C['compare']>, ctx: HandlerContext): Promise<RpcOutput<C['compare']>> {
    const { anime } = await this.rpc.call(CatalogContracts.get, { ref: request.ref });
    const fetched = await this.fetchAll(anime, request.sources, ['score', 'episodes', 'status'], ctx);
    const platforms = fetched
      .filter((f): f is Fetched & { data: SourceAnime } => f.data !== undefined)
      .map((f) => ({ source: f.name, sourceUrl: f.data.sourceUrl, score: f.data.score, episodes: f.data.episodes, status: f.data.status, stale: f.data.stale }));
    const discrepancies: string[] = [];
    const episodeCounts = new Map<string, number>();
    if (anime.episodes > 0) episodeCounts.set('offline dataset', anime.episodes);
    for (const p of platforms) if (typeof p.episodes === 'number' && p.episodes > 0) episodeCounts.set(p.source, p.episodes);
    if (new Set(episodeCounts.values()).size > 1) {
      discrepancies.push(`Episode counts differ: ${[...episodeCounts].map(([s, n]) => `${s} ${n}`).join(', ')}`);
    }
    const normalized = platforms.filter((p) => p.score).map((p) => ({ source: p.source, value: p.score?.normalized ?? 0 }));
    if (normalized.length > 1) {
      const values = normalized.map((n) => n.value);
      const spread = Math.max(...values) - Math.min(...values);
      if (spread >= 1) discrepancies.push(`Scores disagree by ${spread.toFixed(1)} points on a 10-point scale: ${normalized.map((n) => `${n.source} ${n.value.toFixed(1)}`).join(', ')}`);
    }
    return {
      id: anime.id,
      title: anime.title,
      offline: { score: anime.score ? Math.round(anime.score.arithmeticMean * 100) / 100 : null, episodes: anime.episodes, status: anime.status },
      platforms,
      discrepancies,
      sources: fetched.map((f) => f.status),
      warnings: warningsOf(fetched),
    };
  }

  private async fetchAll(anime: Anime, only: SourceName[], fields: DetailField[], ctx: HandlerContext): Promise<Fetched[]> {
    const timeoutMs = Math.max(200, Math.floor((ctx.deadline - Date.now()) * SOURCE_BUDGET_FRACTION));
    return Promise.all(
      SOURCE_NAMES.map(async (name): Promise<Fetched> => {
        if (only.length && !only.includes(name)) return { name, status: { name, status: 'skipped', reason: 'not asked for' } };
        const skip = only.includes(name) ? undefined : unrequestedReason(name, fields);
        if (skip) return { name, status: { name, status: 'skipped', reason: skip } };
        const platformId = anime.platformIds.find((p) => p.platform === PLATFORM_OF[name])?.id;
        if (!platformId) return { name, status: { name, status: 'not-listed', reason: `${anime.title} is not listed on ${name}` } };
        try {
          const data = await this.rpc.call(SourceContracts[name], { id: platformId, fields }, { timeoutMs, signal: ctx.signal });
          return { name, data, status: { name, status: data.stale ? 'stale' : 'ok', ...(data.stale ? { reason: `live request failed; cached data from ${data.fetchedAt}` } : {}) } };
        } catch (error) {
          const reason = error instanceof AppError ? `${error.code}: ${error.message}` : String(error);
          return { name, status: { name, status: 'unavailable', reason } };
        }
      }),
    );
  }
}

const SCRAPED: ReadonlySet<SourceName> = new Set(SCRAPED_SOURCE_NAMES);

/**
 * Why a source the caller did not name is left out, or undefined when it is asked: a scraped site
 * unless a requested field only scraped sites have is one it fills; an API source when every
 * requested field is one only scraped sites have.
 */
function unrequestedReason(name: SourceName, fields: DetailField[]): string | undefined {
  const scrapedOnly = fields.filter((f) => SCRAPED_ONLY_FIELDS.includes(f));
  if (SCRAPED.has(name)) {
    const fills = scrapedOnly.filter((f) => SCRAPED_SOURCE_FIELDS[name as ScrapedSourceName].includes(f));
    return fills.length ? undefined : 'on demand only: name it in `sources`, or ask for a field only it has';
  }
  return scrapedOnly.length === fields.length ? `has none of the requested fields (${fields.join(', ')})` : undefined;
}

/** Synopses narrowed to one language; a source without that language drops out. */
function inLanguage(values: RpcOutput<C['get']>['fields'][string], language: string): RpcOutput<C['get']>['fields'][string] {
  return values
    .map((v) => ({ ...v, value: (v.value as NonNullable<SourceAnime['synopses']>).filter((s) => s.language === language) }))
    .filter((v) => v.value.length > 0);
}

function warningsOf(fetched: Fetched[]): string[] {
  return fetched
    .filter((f) => f.status.status === 'unavailable' || f.status.status === 'stale')
    .map((f) => `${f.name}: ${f.status.reason ?? f.status.status}`);
}
