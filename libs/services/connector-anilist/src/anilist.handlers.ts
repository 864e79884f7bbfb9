import { Injectable } from '@nestjs/common';
import { SourceContracts, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import { AnilistClient } from './anilist.client';

type C = typeof SourceContracts;

/** `source.v1.anilist.get`: one anime from AniList (live, cached, rate limited, behind a breaker). */
@Injectable()
export class AnilistHandlers {
  constructor(private readonly anilist: AnilistClient) {}

  @RpcHandler(SourceContracts.anilist)
  get(request: RpcParsedRequest<C['anilist']>, context: HandlerContext): Promise<RpcOutput<C['anilist']>> {
    return this.anilist.getAnime(request.id, request.fields, context.signal);
  }
}
