import { Injectable } from '@nestjs/common';
import { SourceContracts, SourceListContracts, ValidationError, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import type { SourceResult } from '@anime/platform-resilience';
import { JikanClient } from './jikan.client';
import { airingsInWindow, scheduleWeekdays, scheduleWindow, type JikanScheduleEntry } from './jikan-schedule.parser';
import { JIKAN_SEPARATE_FIELDS, buildJikanSourceAnime } from './jikan-source-anime.parser';

type C = typeof SourceContracts.jikan;
type L = typeof SourceListContracts;

/** Pages of one weekday's `/schedules` list read at most (25 a page): a bound on requests per call. */
const MAX_SCHEDULE_PAGES = 4;

/**
 * Jikan (MyAnimeList) operations: `source.v1.jikan.get` (fetching only the endpoints the
 * requested fields need), `.search`, `.schedule`, `.season` and `.top`.
 */
@Injectable()
export class JikanHandlers {
  constructor(private readonly jikan: JikanClient) {}

  @RpcHandler(SourceContracts.jikan)
  async get(request: RpcParsedRequest<C>, context: HandlerContext): Promise<RpcOutput<C>> {
    // MAL ids are positive integers; anything else would also end up inside the request path.
    if (!/^\d{1,10}$/.test(request.id) || Number(request.id) === 0) {
      throw new ValidationError(`"${request.id}" is not a MyAnimeList id (a positive number)`, { details: { id: request.id } });
    }
    const id = String(Number(request.id));
    const { fields } = request;
    const needsFull = fields.length === 0 || fields.some((f) => !JIKAN_SEPARATE_FIELDS.has(f));
    const airingOnly = fields.length > 0 && fields.every((f) => f === 'airing');
    const asked = (field: (typeof fields)[number]): boolean => fields.includes(field);
    // Independent endpoints: requested together so the limiter, not this code, paces them.
    const [full, characters, staff, episodeList, recommendations, statistics] = await Promise.all([
      needsFull ? this.jikan.anime(id, airingOnly ? 'airing' : 'metadata', context.signal) : undefined,
      asked('characters') ? this.jikan.characters(id, context.signal) : undefined,
      asked('staff') ? this.jikan.staff(id, context.signal) : undefined,
      asked('episode-list') ? this.jikan.episodes(id, context.signal) : undefined,
      asked('recommendations') ? this.jikan.recommendations(id, context.signal) : undefined,
      asked('statistics') ? this.jikan.statistics(id, context.signal) : undefined,
    ]);
    const results = [full, characters, staff, episodeList, recommendations, statistics].filter((r) => r !== undefined) as SourceResult<unknown>[];
    return buildJikanSourceAnime({
      id,
      fields,
      record: full?.value,
      characters: characters?.value,
      staff: staff?.value,
      episodeList: episodeList?.value,
      recommendations: recommendations?.value,
      statistics: statistics?.value,
      ...this.provenance(results),
      now: this.jikan.now(),
    });
  }

  @RpcHandler(SourceListContracts.jikanSearch)
  async search(request: RpcParsedRequest<L['jikanSearch']>, context: HandlerContext): Promise<RpcOutput<L['jikanSearch']>> {
    const result = await this.jikan.search(request.query, request.limit, context.signal);
    return { items: result.value.items.slice(0, request.limit), ...this.provenance([result]) };
  }

  @RpcHandler(SourceListContracts.jikanTop)
  async top(request: RpcParsedRequest<L['jikanTop']>, context: HandlerContext): Promise<RpcOutput<L['jikanTop']>> {
    const result = await this.jikan.top(request.limit, context.signal);
    return { items: result.value.items.slice(0, request.limit), ...this.provenance([result]) };
  }

  @RpcHandler(SourceListContracts.jikanSeason)
  async season(request: RpcParsedRequest<L['jikanSeason']>, context: HandlerContext): Promise<RpcOutput<L['jikanSeason']>> {
    const { year, season } = request;
    if ((year === undefined) !== (season === undefined)) {
      throw new ValidationError('Give both year and season, or neither for the current season', { details: { year, season } });
    }
    const which = year !== undefined && season !== undefined ? { year, season } : undefined;
    const result = await this.jikan.season(which, request.limit, context.signal);
    return { items: result.value.items.slice(0, request.limit), ...this.provenance([result]) };
  }

  /**
   * Episodes airing in [from, to]: each Tokyo weekday the window touches is read from
   * `/schedules?filter=<day>` (all its pages, up to {@link MAX_SCHEDULE_PAGES}), and each show's
   * weekly JST slot placed in the window.
   */
  @RpcHandler(SourceListContracts.jikanSchedule)
  async schedule(request: RpcParsedRequest<L['jikanSchedule']>, context: HandlerContext): Promise<RpcOutput<L['jikanSchedule']>> {
    const window = scheduleWindow(request.from, request.to);
    const days = await Promise.all(scheduleWeekdays(window).map((day) => this.scheduleDay(day, context.signal)));
    const results = days.flat();
    const entries: JikanScheduleEntry[] = results.flatMap((r) => r.value.entries);
    return { items: airingsInWindow(entries, window), ...this.provenance(results) };
  }

  private async scheduleDay(day: string, signal: AbortSignal | undefined): Promise<SourceResult<{ entries: JikanScheduleEntry[]; hasNextPage: boolean }>[]> {
    const pages = [await this.jikan.schedule(day, 1, signal)];
    while (pages.length < MAX_SCHEDULE_PAGES && pages[pages.length - 1]?.value.hasNextPage) pages.push(await this.jikan.schedule(day, pages.length + 1, signal));
    return pages;
  }

  /** An answer is as old as its oldest part, and stale when any part is. */
  private provenance(results: readonly SourceResult<unknown>[]): { fetchedAt: string; stale: boolean } {
    return {
      fetchedAt: results.map((r) => r.fetchedAt).sort()[0] ?? new Date(this.jikan.now()).toISOString(),
      stale: results.some((r) => r.stale),
    };
  }
}
