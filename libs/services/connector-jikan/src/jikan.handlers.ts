import { Injectable } from '@nestjs/common';
import { SourceContracts, ValidationError, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import type { SourceResult } from '@anime/platform-resilience';
import { JikanClient } from './jikan.client';
import { JIKAN_CREDIT_FIELDS, buildJikanSourceAnime } from './jikan-source-anime.parser';

type C = typeof SourceContracts.jikan;

/** `source.v1.jikan.get`: one anime from Jikan (MyAnimeList), fetching only the endpoints the requested fields need. */
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
    const needsFull = fields.length === 0 || fields.some((f) => !JIKAN_CREDIT_FIELDS.has(f));
    const airingOnly = fields.length > 0 && fields.every((f) => f === 'airing');
    // Independent endpoints: requested together so the limiter, not this code, paces them.
    const [full, characters, staff] = await Promise.all([
      needsFull ? this.jikan.anime(id, airingOnly ? 'airing' : 'metadata', context.signal) : undefined,
      fields.includes('characters') ? this.jikan.characters(id, context.signal) : undefined,
      fields.includes('staff') ? this.jikan.staff(id, context.signal) : undefined,
    ]);
    const results = [full, characters, staff].filter((r) => r !== undefined) as SourceResult<unknown>[];
    return buildJikanSourceAnime({
      id,
      fields,
      record: full?.value,
      characters: characters?.value,
      staff: staff?.value,
      // The answer is as old as its oldest part.
      fetchedAt: results.map((r) => r.fetchedAt).sort()[0] ?? new Date(this.jikan.now()).toISOString(),
      stale: results.some((r) => r.stale),
      now: this.jikan.now(),
    });
  }
}
