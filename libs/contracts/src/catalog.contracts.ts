import { z } from 'zod';
import { AnimeIdSchema, AnimeSchema, AnimeStatusSchema, AnimeTypeSchema, PlatformIdSchema, PlatformSchema, SeasonSchema } from './anime.schema';
import { defineRpc } from './rpc';

const range = (what: string, item: z.ZodNumber) =>
  z
    .object({ min: item.optional().describe(`Lowest ${what} (inclusive).`), max: item.optional().describe(`Highest ${what} (inclusive).`) })
    .strict()
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min must be ≤ max' })
    .describe(`${what} range`);

const nameList = (what: string) => z.array(z.string().trim().min(1).max(100)).max(50).describe(what);

/** Filters on every dataset field. All given filters must hold (AND). */
export const SearchFiltersSchema = z
  .object({
    years: range('year of first release', z.number().int().min(1900).max(2100)).optional(),
    seasons: z.array(SeasonSchema).max(5).optional().describe('Any of these seasons of first release.'),
    types: z.array(AnimeTypeSchema).max(6).optional().describe('Any of these distribution types.'),
    statuses: z.array(AnimeStatusSchema).max(4).optional().describe('Any of these statuses.'),
    tags: z
      .object({
        all: nameList('Every one of these tags.').optional(),
        any: nameList('At least one of these tags.').optional(),
        none: nameList('None of these tags.').optional(),
      })
      .strict()
      .optional()
      .describe('Tag/genre filters (case-insensitive).'),
    studios: z
      .object({ any: nameList('Made by any of these studios.').optional(), none: nameList('Not by these studios.').optional() })
      .strict()
      .optional(),
    producers: z
      .object({ any: nameList('Any of these producers.').optional(), none: nameList('None of these producers.').optional() })
      .strict()
      .optional(),
    episodes: range('episode count', z.number().int().min(0)).optional(),
    durationMinutes: range('episode duration in minutes', z.number().min(0)).optional(),
    score: range('aggregated score (1–10)', z.number().min(0).max(10)).optional(),
    platforms: z.array(PlatformSchema).max(11).optional().describe('Listed on every one of these platforms.'),
    relatedTo: z.string().min(1).max(300).optional().describe('Only entries related to this anime (id, platform id or URL).'),
  })
  .strict()
  .describe('Filters; omit a field to not filter on it.');
export type SearchFilters = z.infer<typeof SearchFiltersSchema>;

export const SearchSortSchema = z.enum(['relevance', 'score', 'year', 'title']).describe('Sort key.');

/** Compact view of an entry for result lists. */
export const AnimeSummarySchema = z
  .object({
    id: AnimeIdSchema,
    title: z.string(),
    type: AnimeTypeSchema,
    episodes: z.number().int(),
    status: AnimeStatusSchema,
    season: SeasonSchema,
    year: z.number().int().nullable().describe('Year of first release, null when unknown.'),
    score: z.number().nullable().describe('Aggregated score (1–10), null when unknown.'),
    tags: z.array(z.string()).describe('First tags of the entry.'),
    studios: z.array(z.string()),
    picture: z.string(),
    thumbnail: z.string(),
    platforms: z.array(PlatformSchema).describe('Platforms the entry is listed on.'),
  })
  .describe('An anime, summarised.');
export type AnimeSummary = z.infer<typeof AnimeSummarySchema>;

export const FacetCountSchema = z.object({ value: z.string(), count: z.number().int() });
export const FacetsSchema = z
  .object({
    type: z.array(FacetCountSchema),
    status: z.array(FacetCountSchema),
    year: z.array(FacetCountSchema),
    tags: z.array(FacetCountSchema).describe('Most frequent tags in the result set.'),
  })
  .describe('Counts over the whole result set (not only this page).');

export const DatasetRefSchema = z
  .object({ version: z.string().describe('Dataset version the answer came from.'), lastUpdate: z.string().describe('Release date of that dataset.') })
  .describe('Which dataset answered.');

export const SearchAnimeRequestSchema = z
  .object({
    text: z.string().trim().max(300).optional().describe('Title or words, any language/script; typos and punctuation are tolerated.'),
    filters: SearchFiltersSchema.optional(),
    sort: SearchSortSchema.default('relevance'),
    order: z.enum(['asc', 'desc']).optional().describe('Default: desc for score/year/relevance, asc for title.'),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(500).optional().describe('nextCursor of the previous page.'),
    facets: z.boolean().default(false).describe('Also count type/status/year/tags over the whole result set.'),
  })
  .describe('Search the catalog by text and/or filters.');

export const SearchAnimeResponseSchema = z.object({
  items: z.array(
    z.object({
      anime: AnimeSummarySchema,
      relevance: z.number().describe('Higher is better; comparable within one result list only.'),
      matchedTitle: z.string().optional().describe('Which title or synonym matched the text.'),
    }),
  ),
  total: z.number().int().describe('Size of the whole result set.'),
  nextCursor: z.string().optional().describe('Pass back as cursor for the next page; absent on the last page.'),
  facets: FacetsSchema.optional(),
  dataset: DatasetRefSchema,
});

export const AnimeRefSchema = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .describe('An anime: our id ("mal:1535"), a platform id ("anilist:1535", "kitsu:1") or a platform URL.');

const notFoundErrors = ['NOT_FOUND', 'NOT_READY'] as const;

export const CatalogContracts = {
  search: defineRpc({
    subject: 'catalog.v1.anime.search',
    description: 'Search the offline catalog by text and/or filters, with facets and cursor paging.',
    request: SearchAnimeRequestSchema,
    response: SearchAnimeResponseSchema,
    errors: ['NOT_READY'],
  }),
  get: defineRpc({
    subject: 'catalog.v1.anime.get',
    description: 'One anime by id, platform id or URL.',
    request: z.object({ ref: AnimeRefSchema }),
    response: z.object({ anime: AnimeSchema, dataset: DatasetRefSchema }),
    errors: notFoundErrors,
  }),
  resolveIds: defineRpc({
    subject: 'catalog.v1.ids.resolve',
    description: 'Any ids or URLs → every platform id and URL of each anime.',
    request: z.object({ refs: z.array(AnimeRefSchema).min(1).max(100) }),
    response: z.object({
      results: z.array(
        z.discriminatedUnion('found', [
          z.object({ ref: z.string(), found: z.literal(true), id: AnimeIdSchema, title: z.string(), platformIds: z.array(PlatformIdSchema) }),
          z.object({ ref: z.string(), found: z.literal(false), reason: z.string() }),
        ]),
      ),
      dataset: DatasetRefSchema,
    }),
    errors: ['NOT_READY'],
  }),
  related: defineRpc({
    subject: 'catalog.v1.anime.related',
    description: 'The related entries (sequels, prequels, side stories, …) of an anime, resolved to catalog entries.',
    request: z.object({ ref: AnimeRefSchema }),
    response: z.object({
      anime: AnimeSummarySchema,
      related: z.array(AnimeSummarySchema).describe('Related URLs that resolved to catalog entries.'),
      unresolved: z.array(z.string()).describe('Related URLs the catalog has no entry for.'),
      dataset: DatasetRefSchema,
    }),
    errors: notFoundErrors,
  }),
  stats: defineRpc({
    subject: 'catalog.v1.stats.get',
    description: 'Counts by type, status, year and platform; dataset version and lastUpdate.',
    request: z.object({}),
    response: z.object({
      dataset: DatasetRefSchema.extend({ source: z.string(), loadedAt: z.string() }),
      total: z.number().int(),
      quarantined: z.number().int().describe('Entries of the release that failed validation.'),
      byType: z.record(z.string(), z.number().int()),
      byStatus: z.record(z.string(), z.number().int()),
      byYear: z.record(z.string(), z.number().int()).describe('Entries per year of first release ("unknown" when absent).'),
      byDecade: z.record(z.string(), z.number().int()),
      byPlatform: z.record(z.string(), z.number().int()),
    }),
    errors: ['NOT_READY'],
  }),
} as const;
