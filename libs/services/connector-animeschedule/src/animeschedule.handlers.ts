import { Inject, Injectable } from '@nestjs/common';
import { ScheduleContracts, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import { AnimeScheduleClient } from './animeschedule.client';
import { isoWeekOf } from './iso-week';
import { ListAiringUseCase } from './list-airing.usecase';
import { SCHEDULE_CLOCK } from './connector-animeschedule.env';
import type { Clock } from '@anime/platform-resilience';
import { assertTimeZone } from './zoned-time';

type C = typeof ScheduleContracts;

/**
 * `source.v1.animeschedule.{timetable,get,search}` (the upstream, live and cached) and
 * `schedule.v1.airing.list` (the merged schedule of every source).
 */
@Injectable()
export class AnimeScheduleHandlers {
  constructor(
    private readonly client: AnimeScheduleClient,
    private readonly listAiring: ListAiringUseCase,
    @Inject(SCHEDULE_CLOCK) private readonly clock: Clock,
  ) {}

  /** Without week/year: the current ISO week on the schedule's clock (so the cache key names the week). */
  @RpcHandler(ScheduleContracts.timetable)
  async timetable(request: RpcParsedRequest<C['timetable']>, ctx: HandlerContext): Promise<RpcOutput<C['timetable']>> {
    const week = request.week !== undefined && request.year !== undefined ? { week: request.week, year: request.year } : isoWeekOf(this.clock.now());
    const timezone = assertTimeZone(request.timezone ?? 'UTC');
    const result = await this.client.timetable({ airType: request.airType, ...week, timezone }, ctx.signal);
    return { items: result.value, authenticated: this.client.authenticated, fetchedAt: result.fetchedAt, stale: result.stale };
  }

  @RpcHandler(ScheduleContracts.get)
  async get(request: RpcParsedRequest<C['get']>, ctx: HandlerContext): Promise<RpcOutput<C['get']>> {
    const result = await this.client.anime(request.slug, ctx.signal);
    return { ...result.value, fetchedAt: result.fetchedAt, stale: result.stale };
  }

  @RpcHandler(ScheduleContracts.search)
  async search(request: RpcParsedRequest<C['search']>, ctx: HandlerContext): Promise<RpcOutput<C['search']>> {
    const result = await this.client.search(request.query, ctx.signal);
    return { items: result.value.slice(0, request.limit), fetchedAt: result.fetchedAt, stale: result.stale };
  }

  @RpcHandler(ScheduleContracts.airingList)
  airing(request: RpcParsedRequest<C['airingList']>, ctx: HandlerContext): Promise<RpcOutput<C['airingList']>> {
    return this.listAiring.execute(request, ctx);
  }
}
