import { Injectable } from '@nestjs/common';
import { SourceContracts, SourceListContracts, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import { AnilistClient } from './anilist.client';

type C = typeof SourceContracts;
type L = typeof SourceListContracts;

/**
 * `source.v1.anilist.get` (one anime), `source.v1.anilist.search` (by title) and
 * `source.v1.anilist.schedule` (episodes airing in a window): live, cached, rate limited, behind a breaker.
 */
@Injectable()
export class AnilistHandlers {
  constructor(private readonly anilist: AnilistClient) {}

  @RpcHandler(SourceContracts.anilist)
  get(request: RpcParsedRequest<C['anilist']>, context: HandlerContext): Promise<RpcOutput<C['anilist']>> {
    return this.anilist.getAnime(request.id, request.fields, context.signal);
  }

  @RpcHandler(SourceListContracts.anilistSearch)
  search(request: RpcParsedRequest<L['anilistSearch']>, context: HandlerContext): Promise<RpcOutput<L['anilistSearch']>> {
    return this.anilist.search(request.query, request.limit, context.signal);
  }

  @RpcHandler(SourceListContracts.anilistSchedule)
  schedule(request: RpcParsedRequest<L['anilistSchedule']>, context: HandlerContext): Promise<RpcOutput<L['anilistSchedule']>> {
    return this.anilist.schedule(request.from, request.to, context.signal);
  }
}
