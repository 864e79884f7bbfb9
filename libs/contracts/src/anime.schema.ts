import { z } from 'zod';

/**
 * The anime-offline-database (manami) entry, as its own JSON schemas define it
 * (`anime-offline-database.jsonl.schema.json`), plus `score`, which current releases carry.
 */
export const AnimeTypeSchema = z.enum(['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL', 'UNKNOWN']).describe('Distribution type.');
export const AnimeStatusSchema = z.enum(['FINISHED', 'ONGOING', 'UPCOMING', 'UNKNOWN']).describe('Status of distribution.');
export const SeasonSchema = z.enum(['SPRING', 'SUMMER', 'FALL', 'WINTER', 'UNDEFINED']).describe('Season of first release.');

export const AnimeSeasonSchema = z
  .object({
    season: SeasonSchema,
    year: z.number().int().min(1907).nullish().describe('Year of first release; absent or null when unknown.'),
  })
  .describe('When the anime was first distributed.');

export const DurationSchema = z
  .object({
    value: z.number().min(1).describe('Duration per episode in seconds.'),
    unit: z.literal('SECONDS').describe('Always SECONDS.'),
  })
  .describe('Duration per episode.');

export const ScoreSchema = z
  .object({
    arithmeticGeometricMean: z.number().describe('Arithmetic-geometric mean of the platform scores (1–10).'),
    arithmeticMean: z.number().describe('Arithmetic mean of the platform scores (1–10).'),
    median: z.number().describe('Median of the platform scores (1–10).'),
  })
  .describe('Aggregated score across platforms, on the dataset scoreRange (1–10).');

const uniqueStrings = (description: string) =>
  z
    .array(z.string())
    .refine((items) => new Set(items).size === items.length, { message: 'items must be unique' })
    .describe(description);

const uniqueUrls = (description: string) =>
  z
    .array(z.url())
    .refine((items) => new Set(items).size === items.length, { message: 'items must be unique' })
    .describe(description);

export const ManamiAnimeSchema = z
  .object({
    sources: uniqueUrls('URLs of this anime on the metadata providers (MAL, AniList, Kitsu, …).'),
    title: z.string().min(1).describe('Main title.'),
    type: AnimeTypeSchema,
    episodes: z.number().int().min(0).describe('Number of episodes, movies or parts (0 = unknown).'),
    status: AnimeStatusSchema,
    animeSeason: AnimeSeasonSchema,
    picture: z.url().describe('URL of a picture representing the anime.'),
    thumbnail: z.url().describe('URL of a smaller version of the picture.'),
    // Real releases write null for unknown duration/score (seen in the 2025 sample); accept both.
    duration: DurationSchema.nullish(),
    score: ScoreSchema.nullish(),
    synonyms: uniqueStrings('Alternative titles and spellings, in any language and script.'),
    studios: uniqueStrings('Lower-case studio names.'),
    producers: uniqueStrings('Lower-case producer (company) names.'),
    relatedAnime: uniqueUrls('Provider URLs of related anime (sequels, prequels, side stories, …).'),
    tags: uniqueStrings('Non-curated tags and genres.'),
  })
  .describe('One anime-offline-database entry.');
export type ManamiAnime = z.infer<typeof ManamiAnimeSchema>;

/** The 11 platforms the dataset links to. */
export const PLATFORMS = [
  'myanimelist',
  'anilist',
  'kitsu',
  'anidb',
  'anime-planet',
  'anisearch',
  'livechart',
  'notify-moe',
  'simkl',
  'animecountdown',
  'animenewsnetwork',
] as const;
export const PlatformSchema = z.enum(PLATFORMS).describe('A metadata platform the dataset links to.');
export type Platform = z.infer<typeof PlatformSchema>;

/** Short prefix of each platform in ids and source keys (`mal:1535`). */
export const PLATFORM_ID_PREFIX: Readonly<Record<Platform, string>> = {
  myanimelist: 'mal',
  anilist: 'anilist',
  kitsu: 'kitsu',
  anidb: 'anidb',
  'anime-planet': 'animeplanet',
  anisearch: 'anisearch',
  livechart: 'livechart',
  'notify-moe': 'notify',
  simkl: 'simkl',
  animecountdown: 'animecountdown',
  animenewsnetwork: 'ann',
};

/** Every spelling people use before the colon of a platform id (`myanimelist:1535`, `ap:cowboy-bebop`). */
export const PLATFORM_PREFIX_ALIASES: Readonly<Record<string, Platform>> = {
  mal: 'myanimelist',
  myanimelist: 'myanimelist',
  anilist: 'anilist',
  al: 'anilist',
  kitsu: 'kitsu',
  anidb: 'anidb',
  animeplanet: 'anime-planet',
  'anime-planet': 'anime-planet',
  ap: 'anime-planet',
  anisearch: 'anisearch',
  livechart: 'livechart',
  notify: 'notify-moe',
  notifymoe: 'notify-moe',
  'notify-moe': 'notify-moe',
  simkl: 'simkl',
  animecountdown: 'animecountdown',
  ann: 'animenewsnetwork',
  animenewsnetwork: 'animenewsnetwork',
};

/** Stable readable id: `<platform-prefix>:<platform id>`, e.g. `mal:1535`, `anilist:171018`. */
export const AnimeIdSchema = z
  .string()
  .regex(/^[a-z][a-z-]*:[^\s]+$/, 'expected <platform>:<id>, e.g. mal:1535')
  .describe('Stable id of an anime in this system, from its highest-priority source, e.g. "mal:1535".');

export const PlatformIdSchema = z
  .object({
    platform: PlatformSchema,
    id: z.string().min(1).describe('The id on that platform (numeric id or slug).'),
    url: z.url().describe('The source URL it was parsed from.'),
  })
  .describe('One platform key of an anime.');
export type PlatformId = z.infer<typeof PlatformIdSchema>;

/** A catalog entry: the manami fields plus our stable id and every platform key. */
export const AnimeSchema = ManamiAnimeSchema.extend({
  id: AnimeIdSchema,
  platformIds: z.array(PlatformIdSchema).describe('Every platform key of this anime, parsed from `sources`.'),
}).describe('An anime in the catalog.');
export type Anime = z.infer<typeof AnimeSchema>;

/** First line of the JSONL release / root object (minus `data`) of the JSON release. */
export const DatasetMetaSchema = z
  .object({
    $schema: z.string().optional(),
    license: z.object({ name: z.string(), url: z.url() }).describe('Dataset license.'),
    repository: z.url().describe('Repository the dataset comes from.'),
    scoreRange: z.object({ minInclusive: z.number(), maxInclusive: z.number() }).optional().describe('Score bounds.'),
    lastUpdate: z.iso.date().describe('Release date, YYYY-MM-DD.'),
  })
  .describe('Release metadata of the anime-offline-database.');
export type DatasetMeta = z.infer<typeof DatasetMetaSchema>;
