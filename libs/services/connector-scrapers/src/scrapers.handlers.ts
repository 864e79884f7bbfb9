import { Injectable } from '@nestjs/common';
import { SCRAPED_SOURCE_FIELDS, SourceContracts, type RpcOutput, type RpcParsedRequest, type ScrapedSourceName } from '@anime/contracts';
import { RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import { ScrapersClient } from './scrapers.client';
import { buildScrapedSourceAnime } from './scraped-page';

type C = (typeof SourceContracts)[ScrapedSourceName];

/**
 * `source.v1.<site>.get` for the five scraped sites: one page (cached a week), narrowed to the
 * requested fields. Only ever called on demand — the details handler decides when.
 */
@Injectable()
export class ScrapersHandlers {
  constructor(private readonly scrapers: ScrapersClient) {}

  @RpcHandler(SourceContracts.animeplanet)
  animePlanet(request: RpcParsedRequest<C>, ctx: HandlerContext): Promise<RpcOutput<C>> {
    return this.get('animeplanet', request, ctx);
  }

  @RpcHandler(SourceContracts.livechart)
  liveChart(request: RpcParsedRequest<C>, ctx: HandlerContext): Promise<RpcOutput<C>> {
    return this.get('livechart', request, ctx);
  }

  @RpcHandler(SourceContracts.anisearch)
  aniSearch(request: RpcParsedRequest<C>, ctx: HandlerContext): Promise<RpcOutput<C>> {
    return this.get('anisearch', request, ctx);
  }

  @RpcHandler(SourceContracts.ann)
  ann(request: RpcParsedRequest<C>, ctx: HandlerContext): Promise<RpcOutput<C>> {
    return this.get('ann', request, ctx);
  }

  @RpcHandler(SourceContracts.simkl)
  simkl(request: RpcParsedRequest<C>, ctx: HandlerContext): Promise<RpcOutput<C>> {
    return this.get('simkl', request, ctx);
  }

  private async get(site: ScrapedSourceName, request: RpcParsedRequest<C>, ctx: HandlerContext): Promise<RpcOutput<C>> {
    const page = await this.scrapers.anime(site, request.id, ctx.signal);
    const fields = request.fields.length ? request.fields : SCRAPED_SOURCE_FIELDS[site];
    return buildScrapedSourceAnime(site, page.value, { fields, fetchedAt: page.fetchedAt, stale: page.stale });
  }
}
