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

/** Per dataset version: tag IDF, tag → entries, each entry's IDF sum and lower-cased studios. */
interface TagStats {
  idf: Map<string, number>;
  /** Lower-cased tag → the positions of the entries carrying it (ascending, each entry once). */
  postings: Map<string, Int32Array>;
  weight: Float64Array;
  studios: string[][];
  /** Scratch for one scoring pass: shared IDF weight per entry (zeroed again after each pass). */
  shared: Float64Array;
}
const tagStatsCache = new WeakMap<CatalogIndex, TagStats>();

/** Tag statistics of a catalog (rare tags say more about an anime than "action"), computed once per version. */
function tagStats(index: CatalogIndex): TagStats {
  let stats = tagStatsCache.get(index);
  if (stats) return stats;
  const all = index.all();
  const tagsOf = (anime: Anime) => new Set(anime.tags.map((t) => t.toLowerCase()));
  const entriesOf = new Map<string, number[]>();
  all.forEach((anime, i) => {
    for (const tag of tagsOf(anime)) {
      const list = entriesOf.get(tag);
      if (list) list.push(i);
      else entriesOf.set(tag, [i]);
    }
  });
  const idf = new Map([...entriesOf].map(([tag, list]) => [tag, Math.log(index.size / list.length)]));
  const postings = new Map([...entriesOf].map(([tag, list]) => [tag, Int32Array.from(list)]));
  const weight = Float64Array.from(all, (anime) => [...tagsOf(anime)].reduce((sum, t) => sum + (idf.get(t) ?? 0), 0));
  const studios = all.map((anime) => anime.studios.map((s) => s.toLowerCase()));
  stats = { idf, postings, weight, studios, shared: new Float64Array(all.length) };
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

    const { idf, postings, weight, studios, shared } = tagStats(view.index);
    const targetTags = new Set(target.tags.map((t) => t.toLowerCase()));
    const targetTagWeight = [...targetTags].reduce((sum, t) => sum + (idf.get(t) ?? 0), 0);
    const targetStudios = new Set(target.studios.map((s) => s.toLowerCase()));
    const all = view.index.all();
    // Pass 1: the candidates — entries sharing a tag (their shared IDF weight summed from the
    // target's tag postings, no per-entry work for the rest), related entries and vector hits.
    const candidates: number[] = [];
    for (const tag of targetTags) {
      const w = idf.get(tag) ?? 0;
      for (const i of postings.get(tag) ?? []) {
        if (shared[i] === 0) candidates.push(i);
        shared[i] = (shared[i] as number) + w;
      }
    }
    const touched = candidates.length;
    if (directlyRelated.size || textSim.size || pictureSim.size) {
      const extra = new Set([...directlyRelated, ...textSim.keys(), ...pictureSim.keys()]);
      for (const id of extra) {
        const i = view.index.positionOfId(id);
        if (i !== undefined && shared[i] === 0) candidates.push(i);
      }
    }
    const score = (i: number): number => {
      const anime = all[i] as Anime;
      const sharedWeight = shared[i] as number;
      const related = directlyRelated.size > 0 && directlyRelated.has(anime.id);
      const text = textSim.size ? textSim.get(anime.id) : undefined;
      const picture = pictureSim.size ? pictureSim.get(anime.id) : undefined;
      if (sharedWeight === 0 && !related && text === undefined && picture === undefined) return 0;
      const union = targetTagWeight + (weight[i] as number) - sharedWeight;
      const tagScore = union > 0 ? sharedWeight / union : 0;
      const studio = targetStudios.size > 0 && (studios[i] as string[]).some((st) => targetStudios.has(st));
      return weights.text * vectorPart(text) + weights.picture * vectorPart(picture) + weights.tags * tagScore + weights.related * (related ? 1 : 0) + weights.studio * (studio ? 1 : 0);
    };
    // Pass 1b: the best `limit` by score (then the catalog's score, then catalog order), kept sorted by binary insertion.
    const meanOf = (i: number) => (all[i] as Anime).score?.arithmeticMean ?? 0;
    const ahead = (aScore: number, a: number, bScore: number, b: number) => aScore > bScore || (aScore === bScore && (meanOf(a) > meanOf(b) || (meanOf(a) === meanOf(b) && a < b)));
    const top: Array<{ i: number; score: number }> = [];
    try {
      for (const i of candidates) {
        const value = score(i);
        if (value <= 0) continue;
        const worst = top.length >= request.limit ? top[top.length - 1] : undefined;
        if (worst && !ahead(value, i, worst.score, worst.i)) continue;
        const id = (all[i] as Anime).id;
        if (exclude.has(id) || !accept(id)) continue;
        let at = top.length;
        while (at > 0 && ahead(value, i, (top[at - 1] as { score: number }).score, (top[at - 1] as { i: number }).i)) at--;
        top.splice(at, 0, { i, score: value });
        if (top.length > request.limit) top.pop();
      }
    } finally {
      for (let k = 0; k < touched; k++) shared[candidates[k] as number] = 0;
    }
    const scored = top.map(({ i, score: value }) => {
      const anime = all[i] as Anime;
      const sharedTags = [...new Set(anime.tags.map((t) => t.toLowerCase()))].filter((t) => targetTags.has(t));
      const related = directlyRelated.has(anime.id);
      const text = textSim.get(anime.id);
      const picture = pictureSim.get(anime.id);
      const studio = anime.studios.find((st) => targetStudios.has(st.toLowerCase()));
      const topShared = sharedTags.sort((a, b) => (idf.get(b) ?? 0) - (idf.get(a) ?? 0)).slice(0, 4);
      const why = [
        ...(related ? [`same franchise: related to ${target.title}`] : franchise.has(anime.id) ? [`same franchise as ${target.title}`] : []),
        ...(topShared.length ? [`shares tags: ${topShared.join(', ')}`] : []),
        ...(studio ? [`same studio: ${studio}`] : []),
        ...(text !== undefined && vectorPart(text) >= 0.5 ? [`similar description (CLIP ${text.toFixed(2)})`] : []),
        ...(picture !== undefined && vectorPart(picture) >= 0.5 ? [`similar poster (CLIP ${picture.toFixed(2)})`] : []),
      ];
      if (!why.length) why.push(text !== undefined ? `nearest by description vector (CLIP ${text.toFixed(2)})` : `nearest by poster vector (CLIP ${(picture ?? 0).toFixed(2)})`);
      return {
        anime: view.index.summary(anime),
        score: Math.round(value * 10000) / 10000,
        ...(text !== undefined || picture !== undefined ? { similarity: Math.max(text ?? -1, picture ?? -1) } : {}),
        sharedTags: topShared,
        why,
      };
    });
    return {
      anime: view.index.summary(target),
      items: scored,
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
