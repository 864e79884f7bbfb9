import type { ClipEncoder } from '@anime/embeddings';
import type { VectorStore } from '@anime/search';
import type { CatalogView } from './catalog-view';
import type { ClipRuntime } from './clip-runtime';

/** Encoder + vectors of the served version, when semantic search can run. */
export interface SemanticContext {
  encoder: ClipEncoder;
  store: VectorStore;
}

/**
 * Whether semantic/vector search can run on this view, or the one-line reason it cannot (shown
 * as a `warnings` entry and in health): no model, a version ingested without vectors, or vectors
 * made by a different model than the one that would encode the query.
 */
export function semanticContext(view: CatalogView, clip: ClipRuntime): SemanticContext | { unavailable: string } {
  const encoder = clip.get();
  if (!encoder) return { unavailable: `semantic search unavailable: ${clip.unavailableReason()} — set CLIP_MODEL to a local model dir` };
  const vectors = view.vectors;
  if (!vectors || !vectors.store) return { unavailable: `semantic search unavailable: ${vectors && 'missing' in vectors ? vectors.missing : 'no vectors loaded'}` };
  if (vectors.modelId && vectors.modelId !== encoder.modelId) {
    return { unavailable: `semantic search unavailable: the vectors of dataset ${view.dataset.version} were made with "${vectors.modelId}", but this service runs "${encoder.modelId}"; re-run the dataset update` };
  }
  return { encoder, store: vectors.store };
}

/** Every entry of the franchise of `id` (relations followed transitively, both directions). */
export function franchiseOf(view: CatalogView, id: string, cap = 500): Set<string> {
  const seen = new Set([id]);
  const queue = [id];
  while (queue.length && seen.size < cap) {
    for (const related of view.index.relatedOf(queue.shift() as string)) {
      if (seen.has(related.id)) continue;
      seen.add(related.id);
      queue.push(related.id);
    }
  }
  return seen;
}
