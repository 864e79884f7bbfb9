import { z } from 'zod';
import { UpstreamChangedError, type AirType } from '@anime/contracts';
import { normalizePlatform } from './streaming-platforms';

/** Source name in provenance, limiter keys and metrics. */
export const ANIMESCHEDULE = 'animeschedule';
/** The public page of an anime on AnimeSchedule. */
export const animeScheduleUrl = (route: string): string => `https://animeschedule.net/anime/${route}`;

/** AnimeSchedule writes "unknown" as Go's zero time; that is no date, not the year 1. */
const UNKNOWN_DATE = /^0001-01-01/u;

/** An AnimeSchedule date as UTC ISO, or null when it is the zero time (unknown) or missing. */
export function knownDate(value: string | null | undefined): string | null {
  if (!value || UNKNOWN_DATE.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** Upstream strings that may be empty or absent: empty means "not given". */
export const optionalText = (value: string | null | undefined): string | undefined => (value && value.trim() ? value : undefined);

/** A value that the API sends as a number when known (and 0, null or nothing when not). */
export const knownCount = (value: number | null | undefined): number | null => (typeof value === 'number' && value > 0 ? Math.round(value) : null);

/** `streams` / `websites` maps ("crunchyroll": "www.crunchyroll.com/…") as normalised links with a scheme. */
export function streamLinks(map: Record<string, string> | null | undefined, only?: ReadonlySet<string>): Array<{ platform: string; url: string }> {
  return Object.entries(map ?? {})
    .filter(([, url]) => typeof url === 'string' && url.trim() !== '')
    .map(([key, url]) => ({ platform: normalizePlatform(key), url: /^https?:\/\//u.test(url) ? url : `https://${url}` }))
    .filter((s) => !only || only.has(s.platform));
}

export const AIR_TYPE_OF: Readonly<Record<string, AirType>> = { raw: 'raw', sub: 'sub', dub: 'dub' };

/** Parses with a zod schema; a mismatch is the upstream changing shape, named with the first issue. */
export function parseUpstream<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || '(root)';
  throw new UpstreamChangedError(`${ANIMESCHEDULE} ${what} has an unexpected shape at '${path}': ${issue?.message ?? 'invalid'} (the upstream format may have changed)`, {
    details: { source: ANIMESCHEDULE, path, what },
  });
}
