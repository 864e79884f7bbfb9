import { Injectable } from '@nestjs/common';
import { SourceContracts, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import { KitsuClient } from './kitsu.client';
import { KITSU_DEFAULT_FIELDS, buildKitsuSourceAnime } from './kitsu-anime.parser';

type C = typeof SourceContracts.kitsu;

/** `source.v1.kitsu.get`: one anime from Kitsu, narrowed to the requested fields. */
@Injectable()
export class KitsuHandlers {
  constructor(private readonly kitsu: KitsuClient) {}

  @RpcHandler(SourceContracts.kitsu)
  async get(request: RpcParsedRequest<C>, ctx: HandlerContext): Promise<RpcOutput<C>> {
    const fields = request.fields.length ? request.fields : KITSU_DEFAULT_FIELDS;
    // Airing alone changes within hours: cache it briefly and without the include tree.
    const kind = fields.every((f) => f === 'airing') ? 'airing' : 'metadata';
    const [anime, streaming] = await Promise.all([
      this.kitsu.anime(request.id, kind, ctx.signal),
      fields.includes('streaming') ? this.kitsu.streaming(request.id, ctx.signal) : undefined,
    ]);
    // The answer is as old, and as stale, as its oldest part.
    const fetchedAt = streaming && streaming.fetchedAt < anime.fetchedAt ? streaming.fetchedAt : anime.fetchedAt;
    return buildKitsuSourceAnime(anime.value, { fields, fetchedAt, stale: anime.stale || (streaming?.stale ?? false), streaming: streaming?.value });
  }
}
