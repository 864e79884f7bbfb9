import { z } from 'zod';
import { defineRpc } from './rpc';

/** How an episode reaches viewers: the Japanese broadcast (raw), subtitled or dubbed release. */
export const AIR_TYPES = ['raw', 'sub', 'dub'] as const;
export const AirTypeSchema = z.enum(AIR_TYPES).describe('raw: Japanese broadcast; sub: subtitled release; dub: dubbed release.');
export type AirType = z.infer<typeof AirTypeSchema>;

const IsoOrUnknown = z.string().nullable().describe('ISO time (UTC); null when AnimeSchedule marks the date unknown (0001-01-01).');

/** A legal stream of an episode, with the platform name normalised ("crunchyroll", "netflix", "amazon", …). */
export const StreamLinkSchema = z.object({
  platform: z.string().describe('Normalised platform name (lower case, e.g. "crunchyroll", "hidive", "amazon").'),
  url: z.string().describe('Link to the show on that platform.'),
});

/** One entry of an AnimeSchedule timetable: one episode of one show in one air type. */
export const AnimeScheduleEntrySchema = z
  .object({
    route: z.string().describe('AnimeSchedule slug (https://animeschedule.net/anime/<route>).'),
    sourceUrl: z.string(),
    title: z.string(),
    titles: z.object({ romaji: z.string().optional(), english: z.string().optional(), native: z.string().optional() }),
    episode: z.number().int().optional(),
    episodes: z.number().int().nullable().describe('Planned episode count; null when unknown.'),
    airingAt: IsoOrUnknown.describe('When this episode airs in this air type (UTC); null when unknown.'),
    airType: AirTypeSchema,
    lengthMin: z.number().int().nullable(),
    status: z.string().optional().describe('AnimeSchedule status ("Ongoing", "Delayed", …).'),
    airingStatus: z.string().optional().describe('"aired", "unaired", "delayed-air", … as AnimeSchedule says.'),
    delayed: z.object({ text: z.string().optional(), from: IsoOrUnknown, until: IsoOrUnknown }).optional().describe('Present when the show is or was delayed.'),
    streams: z.array(StreamLinkSchema),
    mediaTypes: z.array(z.string()),
    donghua: z.boolean(),
  })
  .describe('One AnimeSchedule timetable entry.');
export type AnimeScheduleEntry = z.infer<typeof AnimeScheduleEntrySchema>;

/** One AnimeSchedule anime object (`/anime/{slug}`). */
export const AnimeScheduleAnimeSchema = z
  .object({
    route: z.string(),
    sourceUrl: z.string(),
    title: z.string(),
    titles: z.object({ romaji: z.string().optional(), english: z.string().optional(), native: z.string().optional() }),
    synopsis: z.string().optional(),
    episodes: z.number().int().nullable(),
    lengthMin: z.number().int().nullable(),
    status: z.string().optional(),
    year: z.number().int().nullable(),
    season: z.string().optional().describe('"Spring 1998".'),
    premier: IsoOrUnknown.describe('Japanese premiere; null when unknown.'),
    subPremier: IsoOrUnknown,
    dubPremier: IsoOrUnknown,
    times: z.object({ raw: IsoOrUnknown, sub: IsoOrUnknown, dub: IsoOrUnknown }).describe('The weekly air time per air type, as the last known instance (UTC); null when unknown.'),
    genres: z.array(z.string()),
    studios: z.array(z.string()),
    malId: z.string().optional().describe('MyAnimeList id from its websites (for matching the catalog).'),
    anilistId: z.string().optional(),
    streams: z.array(StreamLinkSchema).describe('Streaming sites from its websites.'),
    fetchedAt: z.string(),
    stale: z.boolean(),
  })
  .describe('One anime on AnimeSchedule.');

const provenance = { fetchedAt: z.string().describe('ISO time the data was fetched upstream.'), stale: z.boolean().describe('True when served from cache because the upstream failed.') };

/** A source of the merged schedule and how it answered. */
export const ScheduleSourceStatusSchema = z.object({
  name: z.enum(['animeschedule', 'anilist', 'jikan', 'catalog']),
  status: z.enum(['ok', 'stale', 'unavailable', 'skipped']),
  reason: z.string().optional(),
  items: z.number().int().optional().describe('Episodes this source gave inside the window.'),
});

/** One episode in the merged schedule, with its local rendering and the sources that gave it. */
export const ScheduleItemSchema = z.object({
  title: z.string(),
  animeId: z.string().optional().describe('Catalog id ("mal:52991") when the show was matched to the catalog.'),
  episode: z.number().int().optional(),
  airingAt: z.string().describe('ISO time (UTC) of this episode in `airType`.'),
  airType: AirTypeSchema.describe('What `airingAt` is: the raw broadcast (AniList/Jikan only know that) or the sub/dub release.'),
  local: z
    .object({
      date: z.string().describe('YYYY-MM-DD in the caller\'s time zone.'),
      weekday: z.string().describe('"Monday" … in the caller\'s time zone.'),
      time: z.string().describe('"HH:mm" (24 h) in the caller\'s time zone.'),
      broadcastDate: z.string().optional().describe('Asia/Tokyo late-night slots (00:00–04:59): the broadcast day, i.e. the day before.'),
      broadcastTime: z.string().optional().describe('Asia/Tokyo late-night slots written the broadcast way: "25:30" = 01:30 the next day.'),
    })
    .describe('airingAt rendered in the caller\'s time zone (DST-correct).'),
  countdown: z.object({ inSeconds: z.number().int().describe('Negative once aired.'), text: z.string().describe('"in 2 h 15 min", "aired 3 h ago".') }),
  nextEpisode: z.boolean().describe('True for the first episode of this show still to come (relative to `now`).'),
  lengthMin: z.number().int().optional(),
  platforms: z.array(z.string()).describe('Normalised streaming platforms.'),
  streams: z.array(StreamLinkSchema),
  delayed: z.object({ text: z.string().optional(), from: z.string().nullable(), until: z.string().nullable() }).optional(),
  sources: z
    .array(z.object({ name: z.enum(['animeschedule', 'anilist', 'jikan']), sourceId: z.string(), sourceUrl: z.string(), airingAt: z.string(), airType: AirTypeSchema, episode: z.number().int().optional() }))
    .min(1)
    .describe('Every source that listed this episode, each with its own time.'),
});
export type ScheduleItem = z.infer<typeof ScheduleItemSchema>;

/** Longest window the merged schedule answers (Jikan schedules cover at most a week). */
export const MAX_SCHEDULE_DAYS = 7;

const AiringListRequestSchema = z
  .object({
    day: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .optional()
      .describe('"today", "tomorrow", "yesterday", a weekday ("friday" = the next one, today included) or a date "2025-01-17", in `timezone`.'),
    from: z.iso.datetime({ offset: true }).optional().describe('Window start (with `to`, instead of `day`).'),
    to: z.iso.datetime({ offset: true }).optional().describe(`Window end; at most ${MAX_SCHEDULE_DAYS} days after from.`),
    timezone: z.string().trim().min(1).max(64).default('UTC').describe('IANA time zone the answer is rendered in and `day` is resolved in ("Europe/Berlin").'),
    air_type: AirTypeSchema.default('sub'),
    platforms: z.array(z.string().trim().min(1).max(40)).max(10).default([]).describe('Only episodes streaming on these ("Crunchyroll", "Netflix", "HIDIVE", "Amazon Prime Video", …).'),
    title: z.string().trim().min(1).max(200).optional().describe('Only shows whose title contains this ("when is the next Frieren episode").'),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .describe('A day, or a from/to window (default: the coming 7 days when `title` is given, else today).');

export const ScheduleContracts = {
  timetable: defineRpc({
    subject: 'source.v1.animeschedule.timetable',
    description: "One week's AnimeSchedule timetable (live, cached, rate limited from its X-RateLimit headers).",
    request: z.object({
      week: z.number().int().min(1).max(53).optional().describe('ISO week number; with year. Default: the current week.'),
      year: z.number().int().min(2000).max(2100).optional(),
      airType: AirTypeSchema.default('sub'),
      timezone: z.string().trim().min(1).max(64).optional().describe('IANA zone AnimeSchedule places the week in (default UTC).'),
    }),
    response: z.object({ items: z.array(AnimeScheduleEntrySchema), authenticated: z.boolean().describe('False when no ANIMESCHEDULE_TOKEN is set (far lower limits).'), ...provenance }),
    errors: ['SOURCE_UNAVAILABLE', 'RATE_LIMITED', 'UPSTREAM_CHANGED', 'VALIDATION_FAILED'],
    defaultTimeoutMs: 8_000,
  }),
  get: defineRpc({
    subject: 'source.v1.animeschedule.get',
    description: 'One anime from AnimeSchedule by its slug (live).',
    request: z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,199}$/, 'an AnimeSchedule slug: lower-case letters, digits and dashes').describe('"cowboy-bebop".') }),
    response: AnimeScheduleAnimeSchema,
    errors: ['NOT_FOUND', 'SOURCE_UNAVAILABLE', 'RATE_LIMITED', 'UPSTREAM_CHANGED'],
    defaultTimeoutMs: 8_000,
  }),
  search: defineRpc({
    subject: 'source.v1.animeschedule.search',
    description: 'Search AnimeSchedule by title (live).',
    request: z.object({ query: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(25).default(10) }),
    response: z.object({
      items: z.array(z.object({ route: z.string(), sourceUrl: z.string(), title: z.string(), episodes: z.number().int().nullable(), year: z.number().int().nullable(), status: z.string().optional() })),
      ...provenance,
    }),
    errors: ['SOURCE_UNAVAILABLE', 'RATE_LIMITED', 'UPSTREAM_CHANGED'],
    defaultTimeoutMs: 8_000,
  }),
  airingList: defineRpc({
    subject: 'schedule.v1.airing.list',
    description:
      'Episodes airing in a day or window, merged from AnimeSchedule, AniList and MyAnimeList (Jikan), de-duplicated by catalog id, rendered in the caller\'s time zone with countdowns; each item names its sources, and a source that failed is listed as unavailable.',
    request: AiringListRequestSchema,
    response: z.object({
      timezone: z.string(),
      from: z.string().describe('Window start (UTC ISO).'),
      to: z.string().describe('Window end (UTC ISO).'),
      now: z.string().describe('The clock the countdowns are relative to.'),
      airType: AirTypeSchema,
      items: z.array(ScheduleItemSchema),
      sources: z.array(ScheduleSourceStatusSchema),
      warnings: z.array(z.string()),
    }),
    errors: ['VALIDATION_FAILED'],
    defaultTimeoutMs: 10_000,
  }),
} as const;
