import { Injectable } from '@nestjs/common';
import { CatalogContracts, NotFoundError, ValidationError, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { PLATFORMS } from '@anime/contracts';
import { RpcHandler } from '@anime/platform-messaging';
import { CatalogState } from './catalog-state';
import type { CatalogView } from './catalog-view';

type C = typeof CatalogContracts;

/** `catalog.v1.*`: search, get, resolve ids, related, stats — all from the loaded dataset version. */
@Injectable()
export class CatalogHandlers {
  constructor(private readonly state: CatalogState) {}

  @RpcHandler(CatalogContracts.search)
  search(request: RpcParsedRequest<C['search']>): RpcOutput<C['search']> {
    const view = this.state.current();
    return view.index.search(request, { resolveRef: (ref) => resolveOrUndefined(view, ref) });
  }

  @RpcHandler(CatalogContracts.get)
  get(request: RpcParsedRequest<C['get']>): RpcOutput<C['get']> {
    const view = this.state.current();
    const anime = view.index.get(resolveOrThrow(view, request.ref));
    if (!anime) throw new NotFoundError(`No anime "${request.ref}" in the catalog`, { details: { ref: request.ref } });
    return { anime: view.hydrate(anime), dataset: dataset(view) };
  }

  @RpcHandler(CatalogContracts.resolveIds)
  resolveIds(request: RpcParsedRequest<C['resolveIds']>): RpcOutput<C['resolveIds']> {
    const view = this.state.current();
    return {
      results: request.refs.map((ref) => {
        const resolved = view.aliases.resolve(ref);
        const anime = resolved.ok ? view.index.get(resolved.id) : undefined;
        return anime
          ? { ref, found: true as const, id: anime.id, title: anime.title, platformIds: view.hydrate(anime).platformIds }
          : { ref, found: false as const, reason: resolved.ok ? `no anime "${ref}"` : resolved.reason };
      }),
      dataset: dataset(view),
    };
  }

  @RpcHandler(CatalogContracts.related)
  related(request: RpcParsedRequest<C['related']>): RpcOutput<C['related']> {
    const view = this.state.current();
    const anime = view.index.get(resolveOrThrow(view, request.ref));
    if (!anime) throw new NotFoundError(`No anime "${request.ref}" in the catalog`);
    return {
      anime: view.index.summary(anime),
      related: view.index.relatedOf(anime.id).map((a) => view.index.summary(a)),
      unresolved: anime.relatedAnime.filter((url) => view.aliases.resolveUrl(url) === undefined),
      dataset: dataset(view),
    };
  }

  @RpcHandler(CatalogContracts.stats)
  stats(): RpcOutput<C['stats']> {
    const view = this.state.current();
    const byType: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    const byDecade: Record<string, number> = {};
    const byYear: Record<string, number> = {};
    const byPlatform: Record<string, number> = Object.fromEntries(PLATFORMS.map((p) => [p, 0]));
    for (const anime of view.index.all()) {
      byType[anime.type] = (byType[anime.type] ?? 0) + 1;
      byStatus[anime.status] = (byStatus[anime.status] ?? 0) + 1;
      const year = anime.animeSeason.year;
      const decade = year ? `${Math.floor(year / 10) * 10}s` : 'unknown';
      byDecade[decade] = (byDecade[decade] ?? 0) + 1;
      const yearKey = year ? String(year) : 'unknown';
      byYear[yearKey] = (byYear[yearKey] ?? 0) + 1;
      for (const platform of view.index.platformsOf(anime.id)) byPlatform[platform] = (byPlatform[platform] ?? 0) + 1;
    }
    return {
      dataset: view.dataset,
      total: view.index.size,
      quarantined: view.dataset.quarantined,
      byType,
      byStatus,
      byYear,
      byDecade,
      byPlatform,
    };
  }
}

const dataset = (view: CatalogView) => ({ version: view.dataset.version, lastUpdate: view.dataset.lastUpdate });

function resolveOrUndefined(view: CatalogView, ref: string): string | undefined {
  const resolved = view.aliases.resolve(ref);
  return resolved.ok ? resolved.id : undefined;
}

function resolveOrThrow(view: CatalogView, ref: string): string {
  const resolved = view.aliases.resolve(ref);
  if (resolved.ok) return resolved.id;
  if (resolved.notFound) throw new NotFoundError(`No anime "${ref}" in the catalog (${resolved.reason})`, { details: { ref } });
  throw new ValidationError(`Cannot understand "${ref}": ${resolved.reason}`, { details: { ref } });
}
