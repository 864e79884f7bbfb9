import {
  ImageSearchRequestSchema,
  MultimodalSearchRequestSchema,
  VectorContracts,
  type AnimeSummary,
} from '@anime/contracts';
import { defineTool } from './tool-definition';

const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;
const line = (a: AnimeSummary): string => `${a.title} (${a.type}${a.year ? `, ${a.year}` : ''}) — id ${a.id}`;
const withWarnings = (text: string, warnings: string[]): string => (warnings.length ? `${text}\nWarnings: ${warnings.join('; ')}` : text);
const REF_HINT = 'Pass an id from search_anime (e.g. "mal:1535"), a platform id or a platform URL.';
const IMAGE_HINT = 'Send image_base64 (plain base64 of a JPEG/PNG/WebP/GIF ≤ 4 MiB) or a public http(s) image_url; private and loopback addresses are refused.';

const matches = (out: { items: Array<{ anime: AnimeSummary; similarity: number }>; note?: string; warnings: string[] }): string =>
  withWarnings(
    [out.note ?? '', ...out.items.map((i, n) => `${n + 1}. ${line(i.anime)} — similarity ${i.similarity.toFixed(2)}`)].filter(Boolean).join('\n') || 'No poster matched.',
    out.warnings,
  );

export const searchAnimeByImageTool = defineTool({
  name: 'search_anime_by_image',
  description:
    'Identify an anime from an image (a poster, key visual or screenshot): CLIP image vectors against every entry\'s poster. Send image_base64 or image_url (REST also takes multipart/form-data with an `image` file field). Returns matches with similarity; lowConfidence and a note say plainly when nothing is close.',
  input: ImageSearchRequestSchema,
  output: VectorContracts.byImage.response,
  annotations: { title: 'Search anime by image', ...readOnly, openWorldHint: true },
  execute: (input, ctx) => ctx.rpc.call(VectorContracts.byImage, input, { signal: ctx.signal }),
  summarize: matches,
  hints: { VALIDATION_FAILED: IMAGE_HINT },
});

export const findVisuallySimilarAnimeTool = defineTool({
  name: 'find_visually_similar_anime',
  description: 'Anime whose poster looks like the poster of a given anime (art style, colours, composition). excludeFranchise leaves out its own sequels and movies.',
  input: VectorContracts.visuallySimilar.request,
  output: VectorContracts.visuallySimilar.response,
  annotations: { title: 'Visually similar anime', ...readOnly },
  execute: (input, ctx) => ctx.rpc.call(VectorContracts.visuallySimilar, input, { signal: ctx.signal }),
  summarize: (out) => withWarnings(`Posters like ${out.anime.title}:\n${out.items.map((i, n) => `${n + 1}. ${line(i.anime)} — similarity ${i.similarity.toFixed(2)}`).join('\n')}`, out.warnings),
  hints: { NOT_FOUND: REF_HINT, VALIDATION_FAILED: REF_HINT },
});

export const searchMultimodalAnimeTool = defineTool({
  name: 'search_multimodal_anime',
  description:
    'Search posters by what they show: a description ("a red-haired girl and a mecha"), an image, or both with weights (CLIP puts text and images in one space). Use search_anime for titles; this is for visual content.',
  input: MultimodalSearchRequestSchema,
  output: VectorContracts.multimodal.response,
  annotations: { title: 'Search anime by description and/or image', ...readOnly, openWorldHint: true },
  execute: (input, ctx) => ctx.rpc.call(VectorContracts.multimodal, input, { signal: ctx.signal }),
  summarize: matches,
  hints: { VALIDATION_FAILED: `Send text, an image, or both. ${IMAGE_HINT}` },
});

export const findSimilarAnimeTool = defineTool({
  name: 'find_similar_anime',
  description:
    'Anime like a given one (by id, URL or title): description/poster similarity, shared tags (rare tags count more), studio and relations, each result with a short "why". Set excludeFranchise to leave out its sequels, prequels, movies and specials. Filters narrow the results.',
  input: VectorContracts.similar.request,
  output: VectorContracts.similar.response,
  annotations: { title: 'Similar anime', ...readOnly },
  execute: (input, ctx) => ctx.rpc.call(VectorContracts.similar, input, { signal: ctx.signal }),
  summarize: (out) =>
    withWarnings(`Like ${out.anime.title}:\n${out.items.map((i, n) => `${n + 1}. ${line(i.anime)} — ${i.why.join('; ')}`).join('\n')}`, out.warnings),
  hints: { NOT_FOUND: 'No such anime: find its id with search_anime, or pass the exact title.' },
});

/** The vector-search tools (issue #6). */
export const VECTOR_TOOLS = [searchAnimeByImageTool, findVisuallySimilarAnimeTool, searchMultimodalAnimeTool, findSimilarAnimeTool] as const;
