import type { Anime } from '@anime/contracts';
import { AliasIndex, parseSourceUrl } from '@anime/catalog';
import { CatalogIndex, type DatasetInfo } from '@anime/search';
import type { VersionVectors } from './version-vectors';

/** One loaded dataset version: the search index plus the alias index for lookups. */
export interface CatalogView {
  readonly index: CatalogIndex;
  readonly aliases: AliasIndex;
  readonly dataset: DatasetInfo & { source: string; loadedAt: string; quarantined: number };
  /** The full entity for answers (platform ids are derived again from the sources). */
  hydrate(anime: Anime): Anime;
  /** The version's CLIP vectors (set by CatalogState when it loads the version). */
  readonly vectors?: VersionVectors;
}

const NO_PLATFORM_IDS: Anime['platformIds'] = Object.freeze([]) as unknown as Anime['platformIds'];

/** Builds the view of a dataset version from its entries (related URLs resolved to ids). */
export function buildCatalogView(
  entries: Anime[],
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
  // Platform ids are derivable from `sources` and cost ~35 MB at 40k entries as objects: once the
  // alias index and the search index are built, entries keep only the URLs.
  for (const anime of entries) anime.platformIds = NO_PLATFORM_IDS;
  const hydrate = (anime: Anime): Anime =>
    anime.platformIds.length > 0
      ? anime
      : { ...anime, platformIds: anime.sources.map((url) => parseSourceUrl(url)).filter((p): p is NonNullable<typeof p> => p !== undefined) };
  return { index, aliases, hydrate, dataset: { ...dataset, loadedAt: now().toISOString() } };
}
