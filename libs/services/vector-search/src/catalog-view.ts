import type { Anime } from '@anime/contracts';
import { AliasIndex } from '@anime/catalog';
import { CatalogIndex, type DatasetInfo } from '@anime/search';

/** One loaded dataset version: the search index plus the alias index for lookups. */
export interface CatalogView {
  readonly index: CatalogIndex;
  readonly aliases: AliasIndex;
  readonly dataset: DatasetInfo & { source: string; loadedAt: string; quarantined: number };
}

/** Builds the view of a dataset version from its entries (related URLs resolved to ids). */
export function buildCatalogView(
  entries: readonly Anime[],
  dataset: DatasetInfo & { source: string; quarantined: number },
  redirects: ReadonlyMap<string, string> = new Map(),
  now: () => Date = () => new Date(),
): CatalogView {
  const aliases = new AliasIndex(entries, redirects);
  const index = new CatalogIndex(
    entries.map((anime) => ({
      anime,
      relatedIds: anime.relatedAnime.map((url) => aliases.resolveUrl(url)).filter((id): id is string => id !== undefined),
    })),
    { version: dataset.version, lastUpdate: dataset.lastUpdate },
  );
  return { index, aliases, dataset: { ...dataset, loadedAt: now().toISOString() } };
}
