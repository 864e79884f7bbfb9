import { z } from 'zod';
import { CatalogContracts, HybridSearchResponseSchema, SemanticSearchRequestSchema, ValidationError, VectorContracts, type AnimeSummary } from '@anime/contracts';
import { defineTool } from './tool-definition';

const line = (a: AnimeSummary): string =>
  `${a.title} (${a.type}${a.year ? `, ${a.year}` : ''}${a.episodes ? `, ${a.episodes} ep` : ''}${a.score ? `, score ${a.score}` : ''}) — id ${a.id}`;

const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;
const REF_HINT = 'Pass an id from search_anime (e.g. "mal:1535"), a platform id ("anilist:1535", "kitsu:1") or a platform URL; search_anime finds ids by title.';

export const searchAnimeTool = defineTool({
  name: 'search_anime',
  description:
    'Search the offline anime catalog (~40k titles, all platforms) by title and/or filters. Titles work in any language or script, with typos and missing punctuation; the main series ranks above its movies and specials. Filters: years, seasons, types, statuses, tags (all/any/none), studios, producers, episodes, durationMinutes, score (1–10), platforms, relatedTo. Sort by relevance, score, year or title. Use nextCursor for more results; set facets to get counts by type/status/year/tag. Set semantic: true to also match by meaning ("space cowboys hunting bounties"): CLIP text vectors fused with the title ranking (relevance order, no cursor; warnings say when semantic search is unavailable).',
  input: SemanticSearchRequestSchema,
  output: HybridSearchResponseSchema,
  annotations: { title: 'Search anime', ...readOnly },
  execute: async ({ semantic, ...input }, ctx) => {
    if (!semantic) return ctx.rpc.call(CatalogContracts.search, input, { signal: ctx.signal });
    if (!input.text) throw new ValidationError('semantic search needs text (a title or a description)');
    if (input.cursor || input.sort !== 'relevance') throw new ValidationError('semantic results are ranked by relevance only, without paging: drop sort and cursor, raise limit instead');
    return ctx.rpc.call(VectorContracts.hybridSearch, { text: input.text, filters: input.filters, limit: input.limit }, { signal: ctx.signal });
  },
  summarize: (out) =>
    out.total === 0
      ? 'No anime matched. Try fewer words, another title (romaji/English/native), or looser filters.'
      : `${out.total} match${out.total === 1 ? '' : 'es'}${out.nextCursor ? ` (showing ${out.items.length}; pass nextCursor for more)` : ''}:\n` +
        out.items.map((i, n) => `${n + 1}. ${line(i.anime)}`).join('\n'),
  hints: {
    VALIDATION_FAILED: 'Fix the named field; a cursor only works with the exact query that produced it.',
    NOT_FOUND: 'filters.relatedTo names an anime the catalog lacks: resolve it with search_anime first.',
    NOT_READY: 'The catalog is still loading its dataset; retry in a minute.',
  },
});

export const getAnimeTool = defineTool({
  name: 'get_anime',
  description:
    'Every catalog field of one anime — titles and synonyms, type, episodes, status, season/year, duration, score, studios, producers, tags, pictures and its URL on every platform — by id, platform id or platform URL.',
  input: CatalogContracts.get.request,
  output: CatalogContracts.get.response,
  annotations: { title: 'Get anime', ...readOnly },
  execute: (input, ctx) => ctx.rpc.call(CatalogContracts.get, input, { signal: ctx.signal }),
  summarize: ({ anime }) =>
    [
      `${anime.title} — ${anime.type}, ${anime.episodes || '?'} episodes, ${anime.status.toLowerCase()}, ${anime.animeSeason.season.toLowerCase()} ${anime.animeSeason.year ?? '(year unknown)'}`,
      anime.score ? `Score: ${anime.score.arithmeticMean.toFixed(2)} / 10` : '',
      anime.studios.length ? `Studios: ${anime.studios.join(', ')}` : '',
      anime.tags.length ? `Tags: ${anime.tags.slice(0, 15).join(', ')}` : '',
      anime.synonyms.length ? `Also known as: ${anime.synonyms.slice(0, 8).join(' · ')}` : '',
      `On: ${anime.sources.join(' ')}`,
    ]
      .filter(Boolean)
      .join('\n'),
  hints: { NOT_FOUND: REF_HINT, VALIDATION_FAILED: REF_HINT },
});

export const resolveAnimeIdsTool = defineTool({
  name: 'resolve_anime_ids',
  description:
    'Translate anime ids or URLs between platforms: each reference (our id, "mal:…", "anilist:…", "kitsu:…", "anidb:…", or any MyAnimeList/AniList/Kitsu/AniDB/Anime-Planet/AniSearch/LiveChart/Notify.moe/SIMKL/AnimeCountdown/ANN URL) → every platform id and URL of that anime. Up to 100 at once.',
  input: CatalogContracts.resolveIds.request,
  output: CatalogContracts.resolveIds.response,
  annotations: { title: 'Resolve anime ids', ...readOnly },
  execute: (input, ctx) => ctx.rpc.call(CatalogContracts.resolveIds, input, { signal: ctx.signal }),
  summarize: ({ results }) =>
    results
      .map((r) => (r.found ? `${r.ref} → ${r.title} (${r.id}): ${r.platformIds.map((p) => `${p.platform}:${p.id}`).join(', ')}` : `${r.ref} → not found (${r.reason})`))
      .join('\n'),
});

export const getRelatedAnimeTool = defineTool({
  name: 'get_related_anime',
  description:
    'The entries related to an anime — sequels, prequels, side stories, movies, specials of the same franchise — resolved to catalog entries (oldest first, useful for watch order), plus related URLs the catalog has no entry for.',
  input: CatalogContracts.related.request,
  output: CatalogContracts.related.response,
  annotations: { title: 'Related anime', ...readOnly },
  execute: (input, ctx) => ctx.rpc.call(CatalogContracts.related, input, { signal: ctx.signal }),
  summarize: (out) =>
    `${out.anime.title}: ${out.related.length} related entr${out.related.length === 1 ? 'y' : 'ies'}${out.unresolved.length ? ` (+${out.unresolved.length} not in the catalog)` : ''}\n` +
    out.related.map((a, n) => `${n + 1}. ${line(a)}`).join('\n'),
  hints: { NOT_FOUND: REF_HINT, VALIDATION_FAILED: REF_HINT },
});

export const animeCatalogStatsTool = defineTool({
  name: 'anime_catalog_stats',
  description: 'Size and shape of the offline catalog: dataset version and release date, counts by type, status, decade and platform, quarantined entries.',
  input: z.object({}).describe('No parameters.'),
  output: CatalogContracts.stats.response,
  annotations: { title: 'Catalog statistics', ...readOnly },
  execute: (_input, ctx) => ctx.rpc.call(CatalogContracts.stats, {}, { signal: ctx.signal }),
  summarize: (s) =>
    `Dataset ${s.dataset.version} (release ${s.dataset.lastUpdate}): ${s.total} anime. ` +
    `By type: ${Object.entries(s.byType).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
});

/** The catalog tools (issue #4); later issues append theirs to TOOLS. */
export const CATALOG_TOOLS = [searchAnimeTool, getAnimeTool, resolveAnimeIdsTool, getRelatedAnimeTool, animeCatalogStatsTool] as const;
