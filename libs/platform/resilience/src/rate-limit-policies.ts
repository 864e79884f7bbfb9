import { z } from 'zod';

/** One fixed window: at most `points` calls per `seconds`. */
export const RateWindowSchema = z
  .object({
    points: z.number().int().positive().describe('Calls allowed per window.'),
    // Whole seconds: the Redis backend expires windows with `EX <seconds>`.
    seconds: z.number().int().positive().describe('Window length in whole seconds.'),
  })
  .describe('A fixed rate-limit window.');
export type RateWindow = z.infer<typeof RateWindowSchema>;

/** How fast one source (or one host of a scraper source) may be called. */
export const RateLimitPolicySchema = z
  .object({
    windows: z.array(RateWindowSchema).min(1).describe('Every window must have a token for a call to go out (e.g. 3/s AND 60/min).'),
    maxWaitMs: z.number().int().nonnegative().default(10_000).describe('How long a caller waits for a token before RateLimitedError.'),
    adaptive: z.boolean().default(true).describe('Honour Retry-After and X-RateLimit-Remaining/Reset from the upstream.'),
    perHost: z.boolean().default(false).describe('Separate budget per host (scrapers), instead of one per source.'),
  })
  .describe('Rate-limit policy of one upstream source.');
export type RateLimitPolicy = z.input<typeof RateLimitPolicySchema>;
export type ResolvedRateLimitPolicy = z.output<typeof RateLimitPolicySchema>;

const SCRAPER: RateLimitPolicy = { windows: [{ points: 1, seconds: 1 }], perHost: true };

/**
 * Default policies per source, from each API's published limits:
 * AniList 90/min normally but 30/min while it runs "degraded" (its state since 2023), so the
 * default is the degraded figure; Jikan 3/s and 60/min; Kitsu has no published limit, 10/s is
 * polite; AnimeSchedule publishes its budget in X-RateLimit-* headers, so it starts at 2/s and
 * adapts; scrapers at most 1 request per second per host.
 */
export const DEFAULT_RATE_LIMIT_POLICIES = {
  anilist: { windows: [{ points: 30, seconds: 60 }] },
  jikan: {
    windows: [
      { points: 3, seconds: 1 },
      { points: 60, seconds: 60 },
    ],
  },
  kitsu: { windows: [{ points: 10, seconds: 1 }] },
  animeschedule: { windows: [{ points: 2, seconds: 1 }] },
  'anime-planet': SCRAPER,
  livechart: SCRAPER,
  anisearch: SCRAPER,
  ann: SCRAPER,
  simkl: SCRAPER,
} as const satisfies Record<string, RateLimitPolicy>;

/** AniList's normal (not degraded) budget, for when it lifts the degraded limit. */
export const ANILIST_NORMAL_POLICY: RateLimitPolicy = { windows: [{ points: 90, seconds: 60 }] };

/** A source with a default policy. */
export type KnownSource = keyof typeof DEFAULT_RATE_LIMIT_POLICIES;

/** Validates a policy (e.g. from config) and fills its defaults. */
export function resolveRateLimitPolicy(policy: RateLimitPolicy): ResolvedRateLimitPolicy {
  return RateLimitPolicySchema.parse(policy);
}
