import { Injectable } from '@nestjs/common';
import { SearchAnimeRequestSchema, type RpcOutput, type RpcParsedRequest, VectorContracts } from '@anime/contracts';
import { fuseRankings, payloadFilterOf } from '@anime/search';
import { CatalogState } from './catalog-state';
import { ClipRuntime } from './clip-runtime';
import { semanticContext } from './vector-context';

type Hybrid = typeof VectorContracts.hybridSearch;

/** How deep each ranking goes into the fusion. */
const DEPTH = 100;
/**
 * RRF constant and the semantic list's weight. k = 60 is the value of the original paper. A
 * semantic weight below 1 keeps a lexical rank-1 hit (the exact title) above a semantic-only
 * rank 1 (1/61 > 0.8/61). Not tuned on relevance judgements: that needs the real CLIP weights,
 * which these machines cannot download (D23).
 */
const RRF_K = 60;
const SEMANTIC_WEIGHT = 0.8;

/**
 * search_anime with `semantic`: the lexical ranking and the CLIP text-vector ranking, both under
 * the same filters, fused by weighted reciprocal rank. Without a model or vectors it answers the
 * lexical ranking alone with a warning that says why.
 */
@Injectable()
export class HybridSearchUseCase {
  constructor(
    private readonly state: CatalogState,
    private readonly clip: ClipRuntime,
  ) {}

  async execute(request: RpcParsedRequest<Hybrid>): Promise<RpcOutput<Hybrid>> {
    const view = this.state.current();
    const resolveRef = (ref: string) => {
      const resolved = view.aliases.resolve(ref);
      return resolved.ok ? resolved.id : undefined;
    };
    const lexical = view.index.search(SearchAnimeRequestSchema.parse({ text: request.text, filters: request.filters, limit: DEPTH }), { resolveRef });
    const warnings: string[] = [];
    const semantic = semanticContext(view, this.clip);
    let similarity = new Map<string, number>();
    if ('unavailable' in semantic) warnings.push(semantic.unavailable);
    else {
      const [vector] = await semantic.encoder.embedTexts([request.text]);
      const hits = await semantic.store.search({ space: 'text', vector: vector as Float32Array, k: DEPTH, accept: view.index.matcher(request.filters, { resolveRef }), payload: payloadFilterOf(request.filters) });
      similarity = new Map(hits.map((h) => [h.id, h.similarity]));
    }
    const lexicalById = new Map(lexical.items.map((item) => [item.anime.id, item]));
    const fused = fuseRankings(
      [
        { name: 'title', ids: lexical.items.map((i) => i.anime.id) },
        { name: 'semantic', ids: [...similarity.keys()], weight: SEMANTIC_WEIGHT },
      ],
      RRF_K,
    );
    const items = fused.slice(0, request.limit).map((f) => {
      const lexicalItem = lexicalById.get(f.id);
      const anime = lexicalItem?.anime ?? view.index.summary(view.index.get(f.id) as NonNullable<ReturnType<typeof view.index.get>>);
      return {
        anime,
        relevance: Math.round(f.score * 100_000) / 100,
        ...(lexicalItem?.matchedTitle ? { matchedTitle: lexicalItem.matchedTitle } : {}),
        ...(similarity.has(f.id) ? { similarity: similarity.get(f.id) } : {}),
        matchedBy: [...(f.ranks['title'] ? (['title'] as const) : []), ...(f.ranks['semantic'] ? (['semantic'] as const) : [])],
      };
    });
    return { items, total: fused.length, dataset: lexical.dataset, ...(warnings.length ? { warnings } : {}) };
  }
}
