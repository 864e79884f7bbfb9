import { z } from 'zod';
import { AnimeRefSchema, AnimeSummarySchema, DatasetRefSchema, SearchAnimeRequestSchema, SearchAnimeResponseSchema, SearchFiltersSchema } from './catalog.contracts';
import { defineRpc } from './rpc';

/** Largest image a user may send (bytes, after base64 decoding; URL downloads too). */
export const MAX_USER_IMAGE_BYTES = 4 * 1024 * 1024;

const WarningsSchema = z.array(z.string()).describe('What limited this answer (e.g. semantic search unavailable and why).');

const imageInput = {
  image_base64: z
    .string()
    .max(Math.ceil(MAX_USER_IMAGE_BYTES / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/=\s]+$/, 'must be base64 (no data: prefix)')
    .optional()
    .describe('The image (JPEG, PNG, WebP or GIF) as base64, at most 4 MiB decoded.'),
  image_url: z.url({ protocol: /^https?$/ }).max(2000).optional().describe('Or a public http(s) URL of the image (private, loopback and metadata addresses are refused).'),
};

const SimilarityItemSchema = z.object({
  anime: AnimeSummarySchema,
  similarity: z.number().describe('Cosine similarity of the CLIP vectors, −1…1 (≈0.9+ is a near-identical picture).'),
});

/** search_anime with `semantic`: the lexical request plus the switch (the gateway routes on it). */
export const SemanticSearchRequestSchema = SearchAnimeRequestSchema.extend({
  semantic: z
    .boolean()
    .default(false)
    .describe('Also match by meaning (CLIP text vectors fused with the title ranking): "pirates searching for treasure". Needs text; ranked by relevance only, no cursor.'),
});

export const HybridSearchRequestSchema = z
  .object({
    text: z.string().trim().min(1).max(300).describe('Title words or a description of the anime.'),
    filters: SearchFiltersSchema.optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .describe('Lexical + semantic search, fused by reciprocal rank.');

const HybridItemSchema = SearchAnimeResponseSchema.shape.items.element.extend({
  similarity: z.number().optional().describe('CLIP text similarity, when the semantic ranking found this entry.'),
  matchedBy: z.array(z.enum(['title', 'semantic'])).describe('Which rankings found the entry.'),
});

/** Response of search_anime (lexical or hybrid): the lexical shape plus optional warnings and similarity. */
export const HybridSearchResponseSchema = SearchAnimeResponseSchema.extend({
  items: z.array(HybridItemSchema.partial({ matchedBy: true })),
  warnings: WarningsSchema.optional(),
});

export const ImageSearchRequestSchema = z
  .object({
    ...imageInput,
    filters: SearchFiltersSchema.optional(),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .refine((r) => (r.image_base64 === undefined) !== (r.image_url === undefined), { message: 'send exactly one of image_base64 or image_url' })
  .describe('Find the anime whose poster looks like this image.');

export const ImageSearchResponseSchema = z.object({
  items: z.array(SimilarityItemSchema),
  lowConfidence: z.boolean().describe('True when even the best match is below the confidence threshold.'),
  note: z.string().optional().describe('Says plainly when the matches are weak.'),
  model: z.string().optional().describe('CLIP model that made the vectors; absent when image search is unavailable.'),
  dataset: DatasetRefSchema,
  warnings: WarningsSchema,
});

export const VisuallySimilarRequestSchema = z.object({
  ref: AnimeRefSchema,
  filters: SearchFiltersSchema.optional(),
  excludeFranchise: z.boolean().default(false).describe('Leave out the entry\'s own sequels, prequels, movies and specials.'),
  limit: z.number().int().min(1).max(50).default(10),
});

export const VisuallySimilarResponseSchema = z.object({
  anime: AnimeSummarySchema,
  items: z.array(SimilarityItemSchema),
  model: z.string().optional(),
  dataset: DatasetRefSchema,
  warnings: WarningsSchema,
});

export const MultimodalSearchRequestSchema = z
  .object({
    text: z.string().trim().min(1).max(300).optional().describe('What the poster shows, e.g. "a red-haired girl and a mecha".'),
    ...imageInput,
    weights: z
      .object({ text: z.number().min(0).max(1).default(0.5), image: z.number().min(0).max(1).default(0.5) })
      .default({ text: 0.5, image: 0.5 })
      .describe('How much the text and the image count when both are given.'),
    filters: SearchFiltersSchema.optional(),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .refine((r) => r.text !== undefined || r.image_base64 !== undefined || r.image_url !== undefined, { message: 'send text, an image, or both' })
  .refine((r) => r.image_base64 === undefined || r.image_url === undefined, { message: 'send image_base64 or image_url, not both' })
  .describe('Search posters by a description, an image, or both (CLIP puts text and images in one space).');

export const MultimodalSearchResponseSchema = ImageSearchResponseSchema.extend({
  used: z.object({ text: z.boolean(), image: z.boolean() }).describe('Which inputs shaped the query vector.'),
});

export const SimilarAnimeRequestSchema = z.object({
  ref: z.string().trim().min(1).max(300).describe('The anime: id, platform id, platform URL, or a title.'),
  filters: SearchFiltersSchema.optional(),
  excludeFranchise: z.boolean().default(false).describe('Leave out sequels, prequels, movies and specials of the same franchise.'),
  limit: z.number().int().min(1).max(50).default(10),
});

export const SimilarAnimeResponseSchema = z.object({
  anime: AnimeSummarySchema,
  items: z.array(
    z.object({
      anime: AnimeSummarySchema,
      score: z.number().describe('Combined similarity (0–1): vectors, IDF-weighted shared tags, relations, studio.'),
      similarity: z.number().optional().describe('CLIP similarity of the text (and picture) vectors, when available.'),
      sharedTags: z.array(z.string()),
      why: z.array(z.string()).min(1).describe('Short reasons: shared tags, same studio, "sequel of …", similar description/poster.'),
    }),
  ),
  dataset: DatasetRefSchema,
  warnings: WarningsSchema,
});

const vectorErrors = ['NOT_FOUND', 'NOT_READY', 'VALIDATION_FAILED'] as const;

/** Vector search over the catalog (issue #6): semantic, by image, similar. */
export const VectorContracts = {
  hybridSearch: defineRpc({
    subject: 'catalog.v1.anime.hybrid-search',
    description: 'Title ranking fused with CLIP text-vector recall (reciprocal rank fusion), filters applied to both.',
    request: HybridSearchRequestSchema,
    response: HybridSearchResponseSchema,
    errors: ['NOT_READY', 'NOT_FOUND'],
  }),
  byImage: defineRpc({
    subject: 'catalog.v1.anime.by-image',
    description: 'Entries whose poster is nearest to an image (base64 or SSRF-guarded URL), with an honest low-confidence note.',
    request: ImageSearchRequestSchema,
    response: ImageSearchResponseSchema,
    errors: vectorErrors,
  }),
  visuallySimilar: defineRpc({
    subject: 'catalog.v1.anime.visually-similar',
    description: 'Entries whose poster looks like the poster of a given entry.',
    request: VisuallySimilarRequestSchema,
    response: VisuallySimilarResponseSchema,
    errors: vectorErrors,
  }),
  multimodal: defineRpc({
    subject: 'catalog.v1.anime.multimodal',
    description: 'Posters matching a description (text → image), an image, or both with weights.',
    request: MultimodalSearchRequestSchema,
    response: MultimodalSearchResponseSchema,
    errors: vectorErrors,
  }),
  similar: defineRpc({
    subject: 'catalog.v1.anime.similar',
    description: 'Anime like a given one: vector similarity + shared tags + relations, each with a short "why"; franchise optional.',
    request: SimilarAnimeRequestSchema,
    response: SimilarAnimeResponseSchema,
    errors: ['NOT_FOUND', 'NOT_READY', 'VALIDATION_FAILED'],
  }),
} as const;
