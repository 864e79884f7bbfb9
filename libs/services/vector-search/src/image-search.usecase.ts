import { Inject, Injectable } from '@nestjs/common';
import { MAX_USER_IMAGE_BYTES, NotFoundError, ValidationError, VectorContracts, type AnimeSummary, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { assertImage, fetchUserImage } from '@anime/embeddings';
import { normalize, payloadFilterOf, type VectorHit } from '@anime/search';
import { CatalogState } from './catalog-state';
import type { CatalogView } from './catalog-view';
import { ClipRuntime } from './clip-runtime';
import { franchiseOf, semanticContext, type SemanticContext } from './vector-context';
import { VECTOR_SEARCH_ENV, type VectorSearchEnv } from './vector-search.env';

type C = typeof VectorContracts;

/**
 * Poster search with CLIP: by an image the user sends (base64, or a URL fetched through the
 * SSRF guard), by the poster of an entry, or by a description and/or image (CLIP puts text and
 * images in one space, so "a red-haired girl and a mecha" is searched against the posters).
 */
@Injectable()
export class ImageSearchUseCase {
  constructor(
    private readonly state: CatalogState,
    private readonly clip: ClipRuntime,
    @Inject(VECTOR_SEARCH_ENV) private readonly env: VectorSearchEnv,
  ) {}

  async byImage(request: RpcParsedRequest<C['byImage']>): Promise<RpcOutput<C['byImage']>> {
    const view = this.state.current();
    const context = semanticContext(view, this.clip);
    if ('unavailable' in context) return unavailable(view, context.unavailable);
    const bytes = await userImage(request);
    const [vector] = await context.encoder.embedImages([bytes]);
    const hits = await this.searchPictures(view, context, vector as Float32Array, request.limit, request.filters);
    return { ...this.answer(view, hits.hits, context), warnings: hits.warnings };
  }

  async visuallySimilar(request: RpcParsedRequest<C['visuallySimilar']>): Promise<RpcOutput<C['visuallySimilar']>> {
    const view = this.state.current();
    const anime = view.index.get(resolveId(view, request.ref));
    if (!anime) throw new NotFoundError(`No anime "${request.ref}" in the catalog`, { details: { ref: request.ref } });
    const summary = view.index.summary(anime);
    const context = semanticContext(view, this.clip);
    if ('unavailable' in context) return { anime: summary, items: [], dataset: datasetOf(view), warnings: [context.unavailable] };
    const own = (await context.store.vector(anime.id, 'picture')) ?? (await context.store.vector(anime.id, 'thumbnail'));
    if (!own) {
      return { anime: summary, items: [], model: context.encoder.modelId, dataset: datasetOf(view), warnings: [`${anime.title} has no poster vector (its picture could not be fetched at ingest), so there is nothing to compare`] };
    }
    const exclude = request.excludeFranchise ? franchiseOf(view, anime.id) : new Set([anime.id]);
    const found = await this.searchPictures(view, context, own, request.limit, request.filters, exclude);
    return { anime: summary, items: found.hits.map((h) => this.item(view, h)), model: context.encoder.modelId, dataset: datasetOf(view), warnings: found.warnings };
  }

  async multimodal(request: RpcParsedRequest<C['multimodal']>): Promise<RpcOutput<C['multimodal']>> {
    const view = this.state.current();
    const hasImage = request.image_base64 !== undefined || request.image_url !== undefined;
    const context = semanticContext(view, this.clip);
    if ('unavailable' in context) return { ...unavailable(view, context.unavailable), used: { text: false, image: false } };
    const parts: Array<{ vector: Float32Array; weight: number }> = [];
    if (request.text !== undefined) {
      const [text] = await context.encoder.embedTexts([request.text]);
      parts.push({ vector: text as Float32Array, weight: hasImage ? request.weights.text : 1 });
    }
    if (hasImage) {
      const [image] = await context.encoder.embedImages([await userImage(request)]);
      parts.push({ vector: image as Float32Array, weight: request.text !== undefined ? request.weights.image : 1 });
    }
    if (parts.every((p) => p.weight === 0)) throw new ValidationError('weights: at least one of text and image must weigh more than 0');
    const query = new Float32Array(context.store.dim);
    for (const { vector, weight } of parts) for (let d = 0; d < query.length; d++) query[d] = (query[d] as number) + weight * (vector[d] as number);
    const found = await this.searchPictures(view, context, normalize(query), request.limit, request.filters);
    return { ...this.answer(view, found.hits, context), used: { text: request.text !== undefined, image: hasImage }, warnings: found.warnings };
  }

  /** Nearest posters (picture vectors; thumbnails when a version has only those). */
  private async searchPictures(
    view: CatalogView,
    context: SemanticContext,
    vector: Float32Array,
    k: number,
    filters: RpcParsedRequest<C['byImage']>['filters'],
    exclude?: ReadonlySet<string>,
  ): Promise<{ hits: VectorHit[]; warnings: string[] }> {
    const resolveRef = (ref: string) => {
      const resolved = view.aliases.resolve(ref);
      return resolved.ok ? resolved.id : undefined;
    };
    const space = (await context.store.count('picture')) > 0 ? 'picture' : 'thumbnail';
    const stored = await context.store.count(space);
    const warnings: string[] = [];
    if (stored === 0) warnings.push(`dataset ${view.dataset.version} has no poster vectors (images were not fetched at ingest; check IMAGE_HOSTS_ALLOW)`);
    else if (stored < view.index.size) warnings.push(`${view.index.size - stored} of ${view.index.size} entries have no poster vector (image unavailable at ingest) and cannot match`);
    const hits = await context.store.search({ space, vector, k, accept: view.index.matcher(filters, { resolveRef }), payload: payloadFilterOf(filters), exclude });
    return { hits, warnings };
  }

  private answer(view: CatalogView, hits: VectorHit[], context: SemanticContext): Omit<RpcOutput<C['byImage']>, 'warnings'> {
    const threshold = this.env.IMAGE_MATCH_MIN_SIMILARITY;
    const best = hits[0]?.similarity;
    const lowConfidence = best === undefined || best < threshold;
    return {
      items: hits.map((h) => this.item(view, h)),
      lowConfidence,
      ...(lowConfidence
        ? {
            note:
              best === undefined
                ? 'No poster matched (no entry with a poster vector passed the filters).'
                : `No confident match: the closest poster has similarity ${best.toFixed(2)}, below ${threshold}. These are the nearest posters, not an identification.`,
          }
        : {}),
      model: context.encoder.modelId,
      dataset: datasetOf(view),
    };
  }

  private item(view: CatalogView, hit: VectorHit): { anime: AnimeSummary; similarity: number } {
    return { anime: view.index.summary(view.index.get(hit.id) as NonNullable<ReturnType<CatalogView['index']['get']>>), similarity: hit.similarity };
  }
}

/**
 * The answer when there is no model or no vectors: no matches, said plainly in `note` and
 * `warnings` (a 200, so clients and models read the reason instead of retrying an error).
 */
function unavailable(view: CatalogView, reason: string): RpcOutput<C['byImage']> {
  return { items: [], lowConfidence: true, note: `Image search is unavailable, so nothing was compared: ${reason}.`, dataset: datasetOf(view), warnings: [reason] };
}

/** The image bytes of a request: decoded base64 (sniffed, size-capped) or a guarded URL download. */
async function userImage(request: { image_base64?: string; image_url?: string }): Promise<Uint8Array> {
  if (request.image_url !== undefined) return (await fetchUserImage(request.image_url, { maxBytes: MAX_USER_IMAGE_BYTES })).bytes;
  const bytes = new Uint8Array(Buffer.from(request.image_base64 ?? '', 'base64'));
  if (bytes.length === 0) throw new ValidationError('image_base64 is empty');
  assertImage(bytes, MAX_USER_IMAGE_BYTES);
  return bytes;
}

/** Catalog id of a ref (id, platform id, URL), or NOT_FOUND/VALIDATION with the reason. */
export function resolveId(view: CatalogView, ref: string): string {
  const resolved = view.aliases.resolve(ref);
  if (resolved.ok) return resolved.id;
  if (resolved.notFound) throw new NotFoundError(`No anime "${ref}" in the catalog (${resolved.reason})`, { details: { ref } });
  throw new ValidationError(`Cannot understand "${ref}": ${resolved.reason}`, { details: { ref } });
}

const datasetOf = (view: CatalogView) => ({ version: view.dataset.version, lastUpdate: view.dataset.lastUpdate });
