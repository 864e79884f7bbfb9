import { Injectable } from '@nestjs/common';
import { SourceContracts, SourceListContracts, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import { KitsuClient } from './kitsu.client';
import { KITSU_DEFAULT_FIELDS, buildKitsuSourceAnime } from './kitsu-anime.parser';

type C = typeof SourceContracts.kitsu;
type Search = typeof SourceListContracts.kitsuSearch;

/**
 * `source.v1.kitsu.get`: one anime from Kitsu, narrowed to the requested fields;
 * `source.v1.kitsu.search`: Kitsu's own title search.
 */
@Injectable()
export class KitsuHandlers {
  constructor(private readonly kitsu: KitsuClient) {}

  @RpcHandler(SourceContracts.kitsu)
  async get(request: RpcParsedRequest<C>, ctx: HandlerContext): Promise<RpcOutput<C>> {
    const fields = request.fields.length ? request.fields : KITSU_DEFAULT_FIELDS;
    // Airing alone changes within hours: cache it briefly and without the include tree.
    const kind = fields.every((f) => f === 'airing') ? 'airing' : 'metadata';
    const [anime, streaming, episodes] = await Promise.all([
      this.kitsu.anime(request.id, kind, ctx.signal),
      fields.includes('streaming') ? this.kitsu.streaming(request.id, ctx.signal) : undefined,
      fields.includes('episode-list') ? this.kitsu.episodes(request.id, ctx.signal) : undefined,
    ]);
    // The answer is as old, and as stale, as its oldest part.
    const parts = [anime, streaming, episodes].filter((p) => p !== undefined);
    const fetchedAt = parts.map((p) => p.fetchedAt).reduce((oldest, t) => (t < oldest ? t : oldest));
    return buildKitsuSourceAnime(anime.value, { fields, fetchedAt, stale: parts.some((p) => p.stale), streaming: streaming?.value, episodeList: episodes?.value });
  }

  @RpcHandler(SourceListContracts.kitsuSearch)
  async search(request: RpcParsedRequest<Search>, ctx: HandlerContext): Promise<RpcOutput<Search>> {
    const result = await this.kitsu.search(request.query, request.limit, ctx.signal);
    return { items: result.value, fetchedAt: result.fetchedAt, stale: result.stale };
  }
}
