import { DatasetMetaSchema, type Anime, type DatasetMeta } from '@anime/contracts';
import { assignStableIds, prepareEntry, toAnime, type PreparedEntry, type QuarantinedEntry } from '../identity/catalog-entries';
import { readRelease, type ReleaseSource } from '../release/release-reader';

/**
 * Reads a release straight into catalog entries (validated, with fresh stable ids) without a
 * store — for tools, benchmarks and tests. Services go through `buildDatasetVersion`.
 */
export async function readCatalogEntries(
  source: ReleaseSource,
): Promise<{ meta: DatasetMeta | undefined; entries: Anime[]; quarantined: QuarantinedEntry[] }> {
  let meta: DatasetMeta | undefined;
  const prepared: PreparedEntry[] = [];
  const quarantined: QuarantinedEntry[] = [];
  for await (const item of readRelease(source)) {
    if (item.type === 'meta') {
      const parsed = DatasetMetaSchema.safeParse(item.meta);
      meta = parsed.success ? parsed.data : undefined;
      continue;
    }
    const result = prepareEntry(item.raw, item.index);
    if (result.ok) prepared.push(result.entry);
    else quarantined.push(result.quarantined);
  }
  const { ids } = assignStableIds(prepared);
  return { meta, entries: prepared.map((entry, i) => toAnime(entry, ids[i] as string)), quarantined };
}
