import { Injectable } from '@nestjs/common';
import { NotFoundError, SearchAnimeRequestSchema, VectorContracts, type Anime, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import type { CatalogIndex } from '@anime/search';
import { CatalogState } from './catalog-state';
import type { CatalogView } from './catalog-view';
import { ClipRuntime } from './clip-runtime';
import { franchiseOf, semanticContext } from './vector-context';

type Similar = typeof VectorContracts.similar;

/** Weights of the signals (with vectors / tags and relations only). */
const WITH_VECTORS = { text: 0.4, picture: 0.15, tags: 0.3, related: 0.1, studio: 0.05 };
const WITHOUT_VECTORS = { text: 0, picture: 0, tags: 0.75, related: 0.15, studio: 0.1 };
/** How many vector neighbours join the candidates. */
const VECTOR_DEPTH = 200;
/** CLIP similarities between catalog texts live in roughly [0.5, 1]: map that onto [0, 1]. */
const vectorPart = (similarity: number | undefined): number => (similarity === undefined ? 0 : Math.max(0, Math.min(1, (similarity - 0.5) / 0.5)));

/** Per dataset version: tag IDF, each entry's lower-cased tags and their IDF sum. */
interface TagStats {
  idf: Map<string, number>;
  tags: string[][];
  weight: Float64Array;
}
const tagStatsCache = new WeakMap<CatalogIndex, TagStats>();

/** Tag statistics of a catalog (rare tags say more about an anime than "action"), computed once per version. */
function tagStats(index: CatalogIndex): TagStats {
  let stats = tagStatsCache.get(index);
  if (stats) return stats;
  const tags = index.all().map((anime) => [...new Set(anime.tags.map((t) => t.toLowerCase()))]);
  const df = new Map<string, number>();
  for (const list of tags) for (const tag of list) df.set(tag, (df.get(tag) ?? 0) + 1);
  const idf = new Map([...df].map(([tag, n]) => [tag, Math.log(index.size / n)]));
  const weight = Float64Array.from(tags, (list) => list.reduce((sum, t) => sum + (idf.get(t) ?? 0), 0));
  stats = { idf, tags, weight };
  tagStatsCache.set(index, stats);
  return stats;
}

/**
 * "Anime like X": CLIP text (and poster) similarity, IDF-weighted tag overlap, relations and
 * studio, combined into one score, every result with short reasons. `excludeFranchise` drops the
 * whole relation component of X (sequels of sequels too). Without vectors it still answers from
 * tags, relations and studios, and says so.
 */
@Injectable()
export class SimilarAnimeUseCase {
  constructor(
    private readonly state: CatalogState,
    private readonly clip: ClipRuntime,
  ) {}

  async execute(request: RpcParsedRequest<Similar>): Promise<RpcOutput<Similar>> {
    const view = this.state.current();
    const target = this.resolveTarget(view, request.ref);
    const resolveRef = (ref: string) => {
      const resolved = view.aliases.resolve(ref);
      return resolved.ok ? resolved.id : undefined;
    };
    const accept = view.index.matcher(request.filters, { resolveRef }) ?? (() => true);
    const franchise = franchiseOf(view, target.id);
    const exclude = request.excludeFranchise ? franchise : new Set([target.id]);
    const directlyRelated = new Set(view.index.relatedOf(target.id).map((a) => a.id));
    const warnings: string[] = [];

    const textSim = new Map<string, number>();
    const pictureSim = new Map<string, number>();
    const semantic = semanticContext(view, this.clip);
    if ('unavailable' in semantic) warnings.push(`${semantic.unavailable}; similarity uses tags, relations and studios only`);
    else {
      for (const [space, into] of [['text', textSim], ['picture', pictureSim]] as const) {
        const own = await semantic.store.vector(target.id, space);
        if (!own) continue;
        for (const hit of await semantic.store.search({ space, vector: own, k: VECTOR_DEPTH, accept, exclude })) into.set(hit.id, hit.similarity);
      }
    }
    const weights = textSim.size ? WITH_VECTORS : WITHOUT_VECTORS;

    const { idf, tags, weight } = tagStats(view.index);
    const targetTags = new Set(target.tags.map((t) => t.toLowerCase()));
    const targetTagWeight = [...targetTags].reduce((sum, t) => sum + (idf.get(t) ?? 0), 0);
    const targetStudios = new Set(target.studios.map((s) => s.toLowerCase()));
    const scored: Array<RpcOutput<Similar>['items'][number]> = [];
    const all = view.index.all();
    for (let i = 0; i < all.length; i++) {
      const anime = all[i] as Anime;
      const shared = (tags[i] as string[]).filter((t) => targetTags.has(t));
      const related = directlyRelated.has(anime.id);
      const text = textSim.get(anime.id);
      const picture = pictureSim.get(anime.id);
      if (!shared.length && !related && text === undefined && picture === undefined) continue;
      if (exclude.has(anime.id) || !accept(anime.id)) continue;
      const sharedWeight = shared.reduce((sum, t) => sum + (idf.get(t) ?? 0), 0);
      const union = targetTagWeight + (weight[i] as number) - sharedWeight;
      const tagScore = union > 0 ? sharedWeight / union : 0;
      const studio = anime.studios.find((s) => targetStudios.has(s.toLowerCase()));
      const score =
        weights.text * vectorPart(text) + weights.picture * vectorPart(picture) + weights.tags * tagScore + weights.related * (related ? 1 : 0) + weights.studio * (studio ? 1 : 0);
      if (score <= 0) continue;
      const topShared = [...shared].sort((a, b) => (idf.get(b) ?? 0) - (idf.get(a) ?? 0)).slice(0, 4);
      const why = [
        ...(related ? [`same franchise: related to ${target.title}`] : franchise.has(anime.id) ? [`same franchise as ${target.title}`] : []),
        ...(topShared.length ? [`shares tags: ${topShared.join(', ')}`] : []),
        ...(studio ? [`same studio: ${studio}`] : []),
        ...(text !== undefined && vectorPart(text) >= 0.5 ? [`similar description (CLIP ${text.toFixed(2)})`] : []),
        ...(picture !== undefined && vectorPart(picture) >= 0.5 ? [`similar poster (CLIP ${picture.toFixed(2)})`] : []),
      ];
      if (!why.length) why.push(text !== undefined ? `nearest by description vector (CLIP ${text.toFixed(2)})` : `nearest by poster vector (CLIP ${(picture ?? 0).toFixed(2)})`);
      scored.push({
        anime: view.index.summary(anime),
        score: Math.round(score * 10000) / 10000,
        ...(text !== undefined || picture !== undefined ? { similarity: Math.max(text ?? -1, picture ?? -1) } : {}),
        sharedTags: topShared,
        why,
      });
    }
    scored.sort((a, b) => b.score - a.score || (b.anime.score ?? 0) - (a.anime.score ?? 0));
    return {
      anime: view.index.summary(target),
      items: scored.slice(0, request.limit),
      dataset: { version: view.dataset.version, lastUpdate: view.dataset.lastUpdate },
      warnings,
    };
  }

  /** An id, platform id or URL; otherwise the best title match. */
  private resolveTarget(view: CatalogView, ref: string): Anime {
    const resolved = view.aliases.resolve(ref);
    if (resolved.ok) {
      const anime = view.index.get(resolved.id);
      if (anime) return anime;
    }
    if (!resolved.ok && resolved.notFound) throw new NotFoundError(`No anime "${ref}" in the catalog (${resolved.reason})`, { details: { ref } });
    const best = view.index.search(SearchAnimeRequestSchema.parse({ text: ref, limit: 1 })).items[0];
    const anime = best ? view.index.get(best.anime.id) : undefined;
    if (!anime) throw new NotFoundError(`No anime matches "${ref}"; pass an id from search_anime`, { details: { ref } });
    return anime;
  }
}
