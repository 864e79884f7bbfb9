import type { FileDatasetStore } from '@anime/catalog';
import { QdrantVectorStore, readVectorSet, type QdrantOptions, type VectorStore } from '@anime/search';
import type { VectorSearchEnv } from './vector-search.env';

/** The vectors of one dataset version, or why there are none. */
export type VersionVectors = { store: VectorStore; modelId?: string } | { store?: undefined; missing: string };

/** Qdrant settings from the env, when QDRANT_URL is set. */
export function qdrantOptionsOf(env: Pick<VectorSearchEnv, 'QDRANT_URL' | 'QDRANT_API_KEY' | 'QDRANT_COLLECTION_PREFIX'>): QdrantOptions | undefined {
  return env.QDRANT_URL ? { url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY, prefix: env.QDRANT_COLLECTION_PREFIX } : undefined;
}

/**
 * Opens the vectors that belong to `version`: the embedded files in its folder, or its own Qdrant
 * collection (not the alias, so catalog and vectors always come from the same version). A version
 * ingested without embeddings simply has none: lexical search keeps working.
 */
export async function openVersionVectors(version: string, store: FileDatasetStore, qdrant: QdrantOptions | undefined): Promise<VersionVectors> {
  if (qdrant) {
    const collection = `${qdrant.prefix ?? 'anime'}-${version}`;
    const probe = new QdrantVectorStore(qdrant, 0, collection);
    if (!(await probe.client.collectionExists(collection)).exists) return { missing: `Qdrant has no collection ${collection} (ingest ran without embeddings)` };
    const info = await probe.client.getCollection(collection);
    const vectors = info.config.params.vectors as Record<string, { size: number }> | undefined;
    const dim = vectors?.['text']?.size;
    if (!dim) return { missing: `Qdrant collection ${collection} has no text vectors` };
    return { store: new QdrantVectorStore(qdrant, dim, collection) };
  }
  const set = await readVectorSet(store.versionPath(version));
  if (!set) return { missing: `dataset ${version} was ingested without embeddings (re-run the update with the CLIP model available)` };
  return { store: set.store, modelId: set.manifest.modelId };
}
