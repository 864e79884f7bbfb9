import { z } from 'zod';
import { defineRpc } from './rpc';
import { AnimeSummarySchema } from './catalog.contracts';

/** Live sources with an API: asked for every details request. */
export const API_SOURCE_NAMES = ['anilist', 'jikan', 'kitsu'] as const;
/** Scraped sites (connector-scrapers): asked only on demand, i.e. when named or for a field only they have. */
export const SCRAPED_SOURCE_NAMES = ['animeplanet', 'livechart', 'anisearch', 'ann', 'simkl'] as const;
/** Live sources (connectors) that enrich the offline catalog. */
export const SOURCE_NAMES = [...API_SOURCE_NAMES, ...SCRAPED_SOURCE_NAMES] as const;
export const SourceNameSchema = z.enum(SOURCE_NAMES).describe('A live source.');
export type SourceName = z.infer<typeof SourceNameSchema>;
export type ScrapedSourceName = (typeof SCRAPED_SOURCE_NAMES)[number];

/** Fields a caller can ask a source for (each source fills what it has). */
export const DETAIL_FIELDS = ['synopsis', 'score', 'episodes', 'status', 'genres', 'studios', 'characters', 'staff', 'streaming', 'trailer', 'airing', 'titles', 'episode-list', 'recommendations', 'statistics', 'synopses', 'tags', 'related', 'themes', 'news', 'aired'] as const;
export const DetailFieldSchema = z.enum(DETAIL_FIELDS);
export type DetailField = z.infer<typeof DetailFieldSchema>;

/**
 * What each scraped site can fill. The details handler asks a site that was not named only for a
 * field no API source has (see {@link SCRAPED_ONLY_FIELDS}), and only the sites listed for it.
 */
export const SCRAPED_SOURCE_FIELDS: Readonly<Record<ScrapedSourceName, readonly DetailField[]>> = {
  animeplanet: ['titles', 'synopsis', 'score', 'episodes', 'genres', 'tags', 'related', 'staff', 'aired'],
  livechart: ['titles', 'synopsis', 'score', 'episodes', 'status', 'genres', 'studios', 'aired'],
  anisearch: ['titles', 'synopsis', 'synopses', 'score', 'episodes', 'genres', 'aired'],
  ann: ['titles', 'synopsis', 'score', 'episodes', 'genres', 'tags', 'themes', 'staff', 'characters', 'news', 'aired', 'episode-list'],
  simkl: ['titles', 'synopsis', 'score', 'genres', 'tags', 'aired'],
};
/** Fields only scraped sites have: asking for one brings in the sites that fill it. */
export const SCRAPED_ONLY_FIELDS: readonly DetailField[] = ['synopses', 'tags', 'related', 'themes', 'news', 'aired'];

/** A score on the source's own scale (never blended across sources). */
export const SourceScoreSchema = z.object({
  value: z.number().describe('The score as the source gives it.'),
  scale: z.number().describe('Its maximum: 10 (MAL/Jikan, LiveChart, SIMKL, ANN), 100 (AniList, Kitsu average rating), 5 (Anime-Planet stars, AniSearch).'),
  normalized: z.number().min(0).max(10).describe('value / scale × 10, for side-by-side reading only.'),
  votes: z.number().int().optional(),
});

/** What one source says about one anime (only the fields it has, all optional). */
export const SourceAnimeSchema = z
  .object({
    source: SourceNameSchema,
    sourceId: z.string(),
    sourceUrl: z.url().describe('The page of this anime on the source.'),
    fetchedAt: z.string().describe('ISO time the data was fetched upstream.'),
    stale: z.boolean().describe('True when served from cache because the upstream failed.'),
    titles: z.object({ romaji: z.string().optional(), english: z.string().optional(), native: z.string().optional() }).optional(),
    synopsis: z.string().optional(),
    score: SourceScoreSchema.optional(),
    episodes: z.number().int().nullable().optional(),
    status: z.string().optional().describe("The source's own status wording."),
    genres: z.array(z.string()).optional(),
    studios: z.array(z.string()).optional(),
    characters: z
      .array(z.object({ name: z.string(), role: z.string().optional(), voiceActor: z.string().optional(), language: z.string().optional().describe("The voice actor's dub language (ISO 639-1) when the source says.") }))
      .optional(),
    staff: z.array(z.object({ name: z.string(), role: z.string() })).optional(),
    streaming: z.array(z.object({ site: z.string(), url: z.string() })).optional(),
    trailer: z.object({ url: z.string() }).optional(),
    airing: z.object({ nextEpisode: z.number().int().optional(), airingAt: z.string().optional() }).optional(),
    'episode-list': z
      .array(z.object({ number: z.number().int(), title: z.string().optional(), aired: z.string().optional() }))
      .optional()
      .describe('Episodes (first page).'),
    recommendations: z.array(z.object({ sourceId: z.string(), title: z.string(), votes: z.number().int().optional() })).optional(),
    statistics: z.record(z.string(), z.number()).optional().describe('Watching/completed/… counts as the source reports them.'),
    synopses: z
      .array(z.object({ language: z.string().describe('ISO 639-1 code, e.g. "de".'), text: z.string() }))
      .optional()
      .describe('The synopsis in every language the source has (AniSearch: de, en, es, fr, it).'),
    tags: z.array(z.string()).optional().describe("The source's own tags / themes (beyond its genres)."),
    related: z
      .array(z.object({ title: z.string(), relation: z.string().optional().describe("The source's wording (\"Side Story\", \"sequel\")."), url: z.string().optional() }))
      .optional()
      .describe('Related anime as the source links them.'),
    themes: z
      .array(z.object({ kind: z.enum(['opening', 'ending', 'insert']), text: z.string().describe('Song, artist and episodes as the source writes them.') }))
      .optional()
      .describe('Theme songs.'),
    news: z.array(z.object({ title: z.string(), url: z.string(), publishedAt: z.string().optional() })).optional().describe('News articles about the anime (ANN).'),
    aired: z
      .object({ start: z.string().optional(), end: z.string().optional(), season: z.string().optional() })
      .optional()
      .describe('First and last air dates (ISO dates) and season as the source gives them.'),
  })
  .describe('Details of one anime from one live source.');
export type SourceAnime = z.infer<typeof SourceAnimeSchema>;

const sourceGet = (source: SourceName) =>
  defineRpc({
    subject: `source.v1.${source}.get`,
    description: `One anime from ${source} by its ${source} id (live, cached, rate limited, behind a circuit breaker).`,
    request: z.object({
      id: z.string().min(1).max(100).describe(`The anime's id on ${source}.`),
      fields: z.array(DetailFieldSchema).default([]).describe('What is needed (empty = everything cheap).'),
    }),
    response: SourceAnimeSchema,
    errors: ['NOT_FOUND', 'SOURCE_UNAVAILABLE', 'RATE_LIMITED', 'UPSTREAM_CHANGED'],
    defaultTimeoutMs: 8_000,
  });

/** A hit of a source's own search / list endpoints. */
export const SourceListItemSchema = z.object({
  sourceId: z.string(),
  sourceUrl: z.string(),
  title: z.string(),
  score: SourceScoreSchema.optional(),
  episodes: z.number().int().nullable().optional(),
  year: z.number().int().optional(),
  type: z.string().optional(),
});

/** One episode airing in a time window. */
export const AiringItemSchema = z.object({
  sourceId: z.string(),
  sourceUrl: z.string(),
  title: z.string(),
  episode: z.number().int().optional(),
  airingAt: z.string().describe('ISO time (UTC).'),
  malId: z.string().optional().describe('MyAnimeList id when the source gives it (for matching the catalog).'),
});

const sourceSearch = (source: SourceName) =>
  defineRpc({
    subject: `source.v1.${source}.search`,
    description: `Search ${source} by title (live).`,
    request: z.object({ query: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(25).default(10) }),
    response: z.object({ items: z.array(SourceListItemSchema), fetchedAt: z.string(), stale: z.boolean() }),
    errors: ['SOURCE_UNAVAILABLE', 'RATE_LIMITED', 'UPSTREAM_CHANGED'],
    defaultTimeoutMs: 8_000,
  });

const sourceSchedule = (source: SourceName) =>
  defineRpc({
    subject: `source.v1.${source}.schedule`,
    description: `Episodes airing between two times, from ${source} (live).`,
    request: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
    response: z.object({ items: z.array(AiringItemSchema), fetchedAt: z.string(), stale: z.boolean() }),
    errors: ['SOURCE_UNAVAILABLE', 'RATE_LIMITED', 'UPSTREAM_CHANGED', 'VALIDATION_FAILED'],
    defaultTimeoutMs: 8_000,
  });

export const SourceContracts = {
  anilist: sourceGet('anilist'),
  jikan: sourceGet('jikan'),
  kitsu: sourceGet('kitsu'),
  animeplanet: sourceGet('animeplanet'),
  livechart: sourceGet('livechart'),
  anisearch: sourceGet('anisearch'),
  ann: sourceGet('ann'),
  simkl: sourceGet('simkl'),
} as const;

/** Search and list operations of the live sources. */
export const SourceListContracts = {
  anilistSearch: sourceSearch('anilist'),
  anilistSchedule: sourceSchedule('anilist'),
  jikanSearch: sourceSearch('jikan'),
  jikanSchedule: sourceSchedule('jikan'),
  jikanSeason: defineRpc({
    subject: 'source.v1.jikan.season',
    description: 'Anime of a season (or the current one) from MyAnimeList via Jikan (live).',
    request: z.object({ year: z.number().int().min(1917).max(2100).optional(), season: z.enum(['winter', 'spring', 'summer', 'fall']).optional(), limit: z.number().int().min(1).max(25).default(25) }),
    response: z.object({ items: z.array(SourceListItemSchema), fetchedAt: z.string(), stale: z.boolean() }),
    errors: ['SOURCE_UNAVAILABLE', 'RATE_LIMITED', 'UPSTREAM_CHANGED'],
    defaultTimeoutMs: 8_000,
  }),
  jikanTop: defineRpc({
    subject: 'source.v1.jikan.top',
    description: 'Top-ranked anime on MyAnimeList via Jikan (live).',
    request: z.object({ limit: z.number().int().min(1).max(25).default(10) }),
    response: z.object({ items: z.array(SourceListItemSchema), fetchedAt: z.string(), stale: z.boolean() }),
    errors: ['SOURCE_UNAVAILABLE', 'RATE_LIMITED', 'UPSTREAM_CHANGED'],
    defaultTimeoutMs: 8_000,
  }),
  kitsuSearch: sourceSearch('kitsu'),
} as const;

/** One value with where it came from. */
export const ProvenancedSchema = z.object({
  value: z.unknown(),
  source: SourceNameSchema,
  sourceUrl: z.string(),
  fetchedAt: z.string(),
  stale: z.boolean(),
});

export const SourceStatusSchema = z.object({
  name: SourceNameSchema,
  status: z.enum(['ok', 'stale', 'unavailable', 'not-listed', 'skipped']).describe('not-listed: the anime has no page on that platform; skipped: not asked for (scraped sites: on demand only).'),
  reason: z.string().optional(),
});

const DetailsRequestSchema = z.object({
  ref: z.string().trim().min(1).max(300).describe('Our id ("mal:1535"), a platform id or a platform URL.'),
  fields: z.array(DetailFieldSchema).default([]).describe('What to fetch; empty = synopsis, score, episodes, status, genres, studios, streaming.'),
  sources: z
    .array(SourceNameSchema)
    .default([])
    .describe('Only these live sources ("from AniList"); empty = every API source, plus the scraped sites that alone have a requested field.'),
  language: z
    .string()
    .regex(/^[a-z]{2}$/)
    .optional()
    .describe('Keep only synopses in this language (ISO 639-1, e.g. "de" for the German synopsis from AniSearch); implies the `synopses` field.'),
});

export const DetailsContracts = {
  get: defineRpc({
    subject: 'details.v1.anime.get',
    description: 'Live details of one anime from every live source that lists it, each value with its source; failed sources listed with the reason.',
    request: DetailsRequestSchema,
    response: z.object({
      id: z.string(),
      title: z.string(),
      offline: AnimeSummarySchema.describe('The offline catalog fields (always there, even when every live source is down).'),
      fields: z.record(z.string(), z.array(ProvenancedSchema)).describe('Per field, what each source says (never blended).'),
      sources: z.array(SourceStatusSchema),
      warnings: z.array(z.string()),
    }),
    errors: ['NOT_FOUND', 'NOT_READY'],
    defaultTimeoutMs: 10_000,
  }),
  compare: defineRpc({
    subject: 'details.v1.anime.compare',
    description: 'Scores, episode counts and status of one anime side by side across platforms (each on its own scale, plus normalised), with discrepancies flagged.',
    request: DetailsRequestSchema.pick({ ref: true, sources: true }),
    response: z.object({
      id: z.string(),
      title: z.string(),
      offline: z.object({ score: z.number().nullable().describe('Aggregated dataset score (1–10).'), episodes: z.number().int(), status: z.string() }),
      platforms: z.array(
        z.object({ source: SourceNameSchema, sourceUrl: z.string(), score: SourceScoreSchema.optional(), episodes: z.number().int().nullable().optional(), status: z.string().optional(), stale: z.boolean() }),
      ),
      discrepancies: z.array(z.string()),
      sources: z.array(SourceStatusSchema),
      warnings: z.array(z.string()),
    }),
    errors: ['NOT_FOUND', 'NOT_READY'],
    defaultTimeoutMs: 10_000,
  }),
} as const;
