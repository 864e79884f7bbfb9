import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppError, CatalogContracts, SourceListContracts, type AnimeScheduleEntry, type RpcOutput, type RpcParsedRequest, ScheduleContracts } from '@anime/contracts';
import { RpcClient, type HandlerContext } from '@anime/platform-messaging';
import { staleWarning, type Clock } from '@anime/platform-resilience';
import { foldText } from '@anime/search';
import { ANIMESCHEDULE_OPTIONS, SCHEDULE_CLOCK, type ConnectorAnimescheduleOptions } from './connector-animeschedule.env';
import { AnimeScheduleClient, NO_TOKEN_NOTE } from './animeschedule.client';
import { isoWeeksBetween } from './iso-week';
import { mergeSchedule, type CatalogMatch, type SourceAiring } from './merge-schedule';
import { parsePlatformFilter } from './streaming-platforms';
import { assertTimeZone, resolveWindow } from './zoned-time';

type List = typeof ScheduleContracts.airingList;
type Status = RpcOutput<List>['sources'][number];
type Outcome<T> = { ok: true; value: T; stale: boolean; fetchedAt: string; warning?: string } | { ok: false; reason: string };

/** Each source call gets at most this, and never more than most of the caller's time left. */
const DEFAULT_SOURCE_TIMEOUT_MS = 3_000;
const SOURCE_BUDGET_FRACTION = 0.8;
/** refs per catalog.v1.ids.resolve call (its contract's maximum). */
const RESOLVE_BATCH = 100;

/**
 * `schedule.v1.airing.list`: AnimeSchedule's timetable(s), AniList's and Jikan's schedules in
 * parallel (each within its own deadline), then the catalog to key shows by catalog id, then the
 * merge. A source that fails is listed as `unavailable` with the reason and a warning; the others
 * still answer. Times stay UTC in the data and are rendered in the caller's zone per item.
 */
@Injectable()
export class ListAiringUseCase {
  /** AnimeSchedule route → catalog match (null = no exact title in the catalog); shows keep their titles for a season. */
  private readonly routeMatches = new LRUCache<string, CatalogMatch | 'none'>({ max: 5_000, ttl: 6 * 3_600_000 });

  constructor(
    private readonly rpc: RpcClient,
    private readonly animeschedule: AnimeScheduleClient,
    @Inject(SCHEDULE_CLOCK) private readonly clock: Clock,
    @Inject(ANIMESCHEDULE_OPTIONS) private readonly options: ConnectorAnimescheduleOptions,
  ) {}

  async execute(request: RpcParsedRequest<List>, ctx: HandlerContext): Promise<RpcOutput<List>> {
    const timezone = assertTimeZone(request.timezone);
    const platforms = parsePlatformFilter(request.platforms);
    const now = this.clock.now();
    const window = resolveWindow(request, timezone, now);
    const range = { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() };
    const timeoutMs = (): number => Math.max(100, Math.min(this.options.sourceTimeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS, Math.floor((ctx.deadline - Date.now()) * SOURCE_BUDGET_FRACTION)));

    const [as, anilist, jikan] = await Promise.all([
      settle('animeschedule', this.timetables(window, request.air_type, ctx.signal)),
      settle('anilist', this.rpc.call(SourceListContracts.anilistSchedule, range, { timeoutMs: timeoutMs(), signal: ctx.signal })),
      settle('jikan', this.rpc.call(SourceListContracts.jikanSchedule, range, { timeoutMs: timeoutMs(), signal: ctx.signal })),
    ]);
    const asEntries = as.ok ? as.value.filter((e) => e.airingAt !== null && inside(e.airingAt, window)) : [];
    const rawItems: SourceAiring[] = [...(anilist.ok ? anilist.value : []), ...(jikan.ok ? jikan.value : [])];
    const catalog = await settle('catalog', this.linkToCatalog(asEntries, rawItems, timeoutMs, ctx.signal));

    const items = mergeSchedule({
      window,
      now,
      timezone,
      airType: request.air_type,
      platforms,
      ...(request.title ? { title: request.title } : {}),
      animeschedule: asEntries,
      anilist: anilist.ok ? anilist.value : [],
      jikan: jikan.ok ? jikan.value : [],
      byMalId: catalog.ok ? catalog.value.byMalId : new Map(),
      byRoute: catalog.ok ? catalog.value.byRoute : new Map(),
    });

    const count = (list: ReadonlyArray<{ airingAt: string | null }>): number => list.filter((i) => i.airingAt !== null && inside(i.airingAt, window)).length;
    const sources: Status[] = [
      status('animeschedule', as, () => asEntries.length),
      status('anilist', anilist, () => (anilist.ok ? count(anilist.value) : 0)),
      status('jikan', jikan, () => (jikan.ok ? count(jikan.value) : 0)),
      catalog.ok ? { name: 'catalog', status: 'ok' } : { name: 'catalog', status: 'unavailable', reason: catalog.reason },
    ];
    const warnings = [
      ...[as, anilist, jikan].flatMap((o, i) => (o.ok ? (o.warning ? [o.warning] : []) : [`${['animeschedule', 'anilist', 'jikan'][i]} unavailable: ${o.reason}`])),
      ...(catalog.ok ? [] : [`catalog unavailable (${catalog.reason}): shows are matched by title only, without catalog ids`]),
      ...(this.animeschedule.authenticated ? [] : [NO_TOKEN_NOTE]),
      ...(!as.ok && request.air_type !== 'raw' ? [`AnimeSchedule is unavailable: the times shown are Japanese broadcast (raw) times from AniList/Jikan, not ${request.air_type} release times`] : []),
      ...(!as.ok && platforms.length ? ['The platform filter needs AnimeSchedule\'s stream lists, and AnimeSchedule is unavailable: no episode can be matched to a platform'] : []),
      ...(items.length > request.limit ? [`${items.length} episodes in the window; showing the first ${request.limit}`] : []),
    ];
    return { timezone, ...range, now: new Date(now).toISOString(), airType: request.air_type, items: items.slice(0, request.limit), sources, warnings };
  }

  /** Every ISO week (UTC) the window touches, fetched in parallel; the answer is as stale as its stalest week. */
  private async timetables(window: { from: number; to: number }, airType: RpcParsedRequest<List>['air_type'], signal: AbortSignal): Promise<Result<AnimeScheduleEntry[]>> {
    const weeks = await Promise.all(isoWeeksBetween(window.from, window.to).map((w) => this.animeschedule.timetable({ airType, ...w, timezone: 'UTC' }, signal)));
    const stale = weeks.find((w) => w.stale);
    return { items: weeks.flatMap((w) => w.value), stale: stale !== undefined, fetchedAt: weeks.map((w) => w.fetchedAt).sort()[0] ?? new Date(this.clock.now()).toISOString(), ...(stale ? { warning: staleWarning(stale) } : {}) };
  }

  /**
   * Catalog ids for the shows: MAL ids (AniList/Jikan) through `catalog.v1.ids.resolve`; AnimeSchedule
   * entries, which carry no ids, through a catalog search accepted only on an exact title match.
   */
  private async linkToCatalog(entries: readonly AnimeScheduleEntry[], raw: readonly SourceAiring[], timeoutMs: () => number, signal: AbortSignal): Promise<Result<{ byMalId: Map<string, CatalogMatch>; byRoute: Map<string, CatalogMatch> }>> {
    const refs = [...new Set(raw.filter((i) => i.malId).map((i) => `mal:${i.malId}`))];
    const byMalId = new Map<string, CatalogMatch>();
    const byRoute = new Map<string, CatalogMatch>();
    const batches = [];
    for (let i = 0; i < refs.length; i += RESOLVE_BATCH) batches.push(refs.slice(i, i + RESOLVE_BATCH));
    const routes = [...new Map(entries.map((e) => [e.route, e])).values()];
    await Promise.all([
      ...batches.map(async (batch) => {
        const { results } = await this.rpc.call(CatalogContracts.resolveIds, { refs: batch }, { timeoutMs: timeoutMs(), signal });
        for (const r of results) if (r.found) byMalId.set(r.ref, { id: r.id, title: r.title });
      }),
      ...routes.map(async (entry) => {
        const match = await this.matchRoute(entry, timeoutMs(), signal);
        if (match) byRoute.set(entry.route, match);
      }),
    ]);
    return { items: { byMalId, byRoute }, stale: false, fetchedAt: new Date(this.clock.now()).toISOString() };
  }

  /** The catalog entry whose title or synonym is exactly one of the entry's titles (after folding), if any. */
  private async matchRoute(entry: AnimeScheduleEntry, timeoutMs: number, signal: AbortSignal): Promise<CatalogMatch | undefined> {
    const cached = this.routeMatches.get(entry.route);
    if (cached !== undefined) return cached === 'none' ? undefined : cached;
    const titles = new Set([entry.titles.romaji, entry.title, entry.titles.english].filter((t): t is string => !!t).map(foldText));
    const { items } = await this.rpc.call(CatalogContracts.search, { text: entry.titles.romaji ?? entry.title, limit: 3 }, { timeoutMs, signal });
    const hit = items.find((i) => titles.has(foldText(i.matchedTitle ?? i.anime.title)) || titles.has(foldText(i.anime.title)));
    const match = hit ? { id: hit.anime.id, title: hit.anime.title } : undefined;
    this.routeMatches.set(entry.route, match ?? 'none');
    return match;
  }
}

interface Result<T> {
  items: T;
  stale: boolean;
  fetchedAt: string;
  warning?: string;
}

/** A source call as a value: failures become the reason shown in `sources` and `warnings`. */
async function settle<T>(name: string, promise: Promise<Result<T> | { items: T; stale: boolean; fetchedAt: string }>): Promise<Outcome<T>> {
  try {
    const result = (await promise) as Result<T>;
    const warning = result.warning ?? (result.stale ? `${name} data is from ${result.fetchedAt} (live request failed)` : undefined);
    return { ok: true, value: result.items, stale: result.stale, fetchedAt: result.fetchedAt, ...(warning ? { warning } : {}) };
  } catch (error) {
    return { ok: false, reason: error instanceof AppError ? `${error.code}: ${error.message}` : String(error) };
  }
}

function status(name: 'animeschedule' | 'anilist' | 'jikan', outcome: Outcome<unknown>, items: () => number): Status {
  if (!outcome.ok) return { name, status: 'unavailable', reason: outcome.reason, items: 0 };
  return outcome.stale ? { name, status: 'stale', reason: `live request failed; cached data from ${outcome.fetchedAt}`, items: items() } : { name, status: 'ok', items: items() };
}

const inside = (iso: string, window: { from: number; to: number }): boolean => {
  const at = Date.parse(iso);
  return at >= window.from && at <= window.to;
};
