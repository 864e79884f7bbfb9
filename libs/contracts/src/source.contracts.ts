import { z } from 'zod';
import { defineRpc } from './rpc';

/** Live sources (connectors) that enrich the offline catalog. */
export const SOURCE_NAMES = ['anilist', 'jikan', 'kitsu'] as const;
export const SourceNameSchema = z.enum(SOURCE_NAMES).describe('A live source.');
export type SourceName = z.infer<typeof SourceNameSchema>;

/** Fields a caller can ask a source for (each source fills what it has). */
export const DETAIL_FIELDS = ['synopsis', 'score', 'episodes', 'status', 'genres', 'studios', 'characters', 'staff', 'streaming', 'trailer', 'airing', 'titles'] as const;
export const DetailFieldSchema = z.enum(DETAIL_FIELDS);
export type DetailField = z.infer<typeof DetailFieldSchema>;

/** A score on the source's own scale (never blended across sources). */
export const SourceScoreSchema = z.object({
  value: z.number().describe('The score as the source gives it.'),
  scale: z.number().describe('Its maximum: 10 (MAL/Jikan), 100 (AniList, Kitsu average rating).'),
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
    characters: z.array(z.object({ name: z.string(), role: z.string().optional(), voiceActor: z.string().optional() })).optional(),
    staff: z.array(z.object({ name: z.string(), role: z.string() })).optional(),
    streaming: z.array(z.object({ site: z.string(), url: z.string() })).optional(),
    trailer: z.object({ url: z.string() }).optional(),
    airing: z.object({ nextEpisode: z.number().int().optional(), airingAt: z.string().optional() }).optional(),
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

export const SourceContracts = {
  anilist: sourceGet('anilist'),
  jikan: sourceGet('jikan'),
  kitsu: sourceGet('kitsu'),
} as const;
