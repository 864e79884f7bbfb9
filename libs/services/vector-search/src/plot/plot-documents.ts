import type { Anime } from '@anime/contracts';
import { chooseSynopsis, type SynopsisRecord } from '@anime/catalog';
import type { PlotDocument } from '@anime/search';

/** Resolves a source key or id to the id of the served dataset version. */
export type ResolveId = (ref: string) => string | undefined;

/**
 * Pairs every entry of a dataset version with its synopsis: each stored record is resolved to
 * the current id through its source key (ids are stable; merges and splits upstream are
 * followed by the alias index and redirects), then one text per entry is chosen by D27's
 * source rule. Records of entries the version no longer has are counted, not lost (they stay
 * in the store for a later version).
 */
export function buildPlotDocuments(
  entries: readonly Anime[],
  records: Iterable<SynopsisRecord>,
  resolve: ResolveId,
  language = 'en',
): { documents: PlotDocument[]; orphaned: number } {
  const byId = new Map<string, SynopsisRecord[]>();
  let orphaned = 0;
  for (const record of records) {
    const id = resolve(record.key) ?? resolve(record.id);
    if (!id) {
      orphaned++;
      continue;
    }
    const list = byId.get(id);
    if (list) list.push(record);
    else byId.set(id, [record]);
  }
  const documents = entries.map((anime): PlotDocument => {
    const chosen = chooseSynopsis(byId.get(anime.id) ?? [], language);
    return chosen
      ? { anime, synopsis: { text: chosen.synopsis, source: chosen.source, sourceUrl: chosen.sourceUrl, language: chosen.language, fetchedAt: chosen.fetchedAt } }
      : { anime };
  });
  return { documents, orphaned };
}
