/** One ranked list to fuse: ids best first, and how much this ranking counts. */
export interface RankedList {
  name: string;
  ids: readonly string[];
  weight?: number;
}

export interface FusedItem {
  id: string;
  score: number;
  /** 1-based rank of the item in each list it appeared in. */
  ranks: Record<string, number>;
}

/**
 * Weighted reciprocal rank fusion (Cormack et al. 2009): score = Σ weight / (k + rank). Ranks,
 * not raw scores, so a lexical relevance and a cosine similarity combine without calibration.
 * Ties keep the order of the first list (the lexical one, by convention).
 */
export function fuseRankings(lists: readonly RankedList[], k = 60): FusedItem[] {
  const fused = new Map<string, FusedItem & { first: number }>();
  lists.forEach((list, l) => {
    const weight = list.weight ?? 1;
    list.ids.forEach((id, r) => {
      let item = fused.get(id);
      if (!item) fused.set(id, (item = { id, score: 0, ranks: {}, first: l * 1e9 + r }));
      if (item.ranks[list.name] !== undefined) return;
      item.ranks[list.name] = r + 1;
      item.score += weight / (k + r + 1);
    });
  });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.first - b.first)
    .map(({ first: _first, ...item }) => item);
}
