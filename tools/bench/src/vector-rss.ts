/**
 * Child process of the vector benchmark: what the vector-search service holds for one version —
 * the catalog view of a release, then its vectors — measured as RSS in a clean process (no
 * generated float vectors or benchmark state around). Prints JSON.
 */
import { readCatalogEntries } from '@anime/catalog';
import { readVectorSet } from '@anime/search';
import { buildCatalogView } from '@anime/service-vector-search';

async function main(): Promise<void> {
  const [releaseFile, versionDir] = process.argv.slice(2) as [string, string];
  const rss = (): number => {
    global.gc?.();
    return Math.round(process.memoryUsage().rss / 1e6);
  };
  const { entries } = await readCatalogEntries({ kind: 'file', path: releaseFile });
  const view = buildCatalogView(entries, { version: '2026-07-02-bench001', lastUpdate: '2026-07-02', source: releaseFile, quarantined: 0 });
  const catalogMb = rss();
  const set = await readVectorSet(versionDir);
  const withVectorsMb = rss();
  process.stdout.write(JSON.stringify({ entries: view.index.size, vectors: await set?.store.count('text'), catalogMb, withVectorsMb, vectorsMb: withVectorsMb - catalogMb }));
}

void main();
