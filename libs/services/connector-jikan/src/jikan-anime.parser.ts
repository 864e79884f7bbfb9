import type { SourceAnime } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';
import { JIKAN_SOURCE, changed, requireKeys, text } from './jikan-fields.parser';

/** When and where a show airs weekly, as Jikan gives it (kept raw so the next air time is computed at answer time, not cache time). */
export interface JikanBroadcast {
  day?: string;
  time?: string;
  timezone?: string;
}

/**
 * What one Jikan anime object says, mapped to our field names: everything of `SourceAnime`
 * but the per-answer fields (fetchedAt, stale, credits), plus the raw broadcast slot. This is
 * the cached value, so it holds no time-dependent data.
 */
export interface JikanAnimeRecord {
  malId: number;
  titles: NonNullable<SourceAnime['titles']>;
  synopsis?: string;
  score?: NonNullable<SourceAnime['score']>;
  episodes: number | null;
  status?: string;
  genres: string[];
  studios: string[];
  streaming?: NonNullable<SourceAnime['streaming']>;
  trailer?: NonNullable<SourceAnime['trailer']>;
  /** Jikan's own "currently airing" flag. */
  airing: boolean;
  broadcast?: JikanBroadcast;
  /** MAL's page (Jikan's `url`). */
  url?: string;
  /** Season year, else the year of the first air date. */
  year?: number;
  /** MAL's media type (TV, Movie, Special, …). */
  type?: string;
}

/** One page of a Jikan list endpoint (`/anime?q=`, `/top/anime`, `/seasons/now`, `/schedules`). */
export interface JikanAnimeList {
  items: JikanAnimeRecord[];
  hasNextPage: boolean;
  lastVisiblePage?: number;
}

type Json = Record<string, unknown>;

/**
 * Keys every Jikan anime object carries (possibly `null`). An absent key, unlike a `null` one,
 * means Jikan changed its format: answering without it would look like "MAL has no data".
 */
const ANIME_KEYS = ['mal_id', 'title', 'title_english', 'title_japanese', 'synopsis', 'score', 'scored_by', 'episodes', 'status', 'airing', 'genres', 'themes', 'studios', 'trailer', 'broadcast'] as const;

/**
 * Parses `/anime/{id}/full`: `{data: anime}`. Throws `UpstreamChangedError` naming the missing
 * path when the expected structure is not there (never an empty success).
 */
export function parseJikanAnimeFull(body: unknown): JikanAnimeRecord {
  const data = expectField<unknown>(body, 'data', JIKAN_SOURCE);
  const record = parseJikanAnime(data, 'data');
  // Only the /full variant lists streaming sites; its absence there is a format change.
  requireKeys(data, 'data', ['streaming']);
  return record;
}

/**
 * Parses a page of a Jikan list endpoint: `{data: anime[], pagination}`. Exported for the
 * search/season/schedule tools that will use it.
 */
export function parseJikanAnimeList(body: unknown): JikanAnimeList {
  const data = expectField<unknown>(body, 'data', JIKAN_SOURCE);
  if (!Array.isArray(data)) throw changed('data', 'is not a list');
  const pagination = expectField<Json>(body, 'pagination', JIKAN_SOURCE);
  const last = pagination['last_visible_page'];
  const list: JikanAnimeList = {
    items: data.map((item, i) => parseJikanAnime(item, `data.${i}`)),
    hasNextPage: pagination['has_next_page'] === true,
  };
  if (typeof last === 'number') list.lastVisiblePage = last;
  return list;
}

/** Maps one Jikan anime object (found at `path`, for error messages) to a {@link JikanAnimeRecord}. */
export function parseJikanAnime(anime: unknown, path = 'data'): JikanAnimeRecord {
  requireKeys(anime, path, ANIME_KEYS);
  const a = anime as Json;
  const malId = a['mal_id'];
  if (typeof malId !== 'number') throw changed(`${path}.mal_id`, 'is not a number');

  const record: JikanAnimeRecord = {
    malId,
    titles: titlesOf(a),
    episodes: typeof a['episodes'] === 'number' ? a['episodes'] : null,
    genres: unique([...names(a, 'genres', path), ...names(a, 'explicit_genres', path), ...names(a, 'themes', path), ...names(a, 'demographics', path)]),
    studios: names(a, 'studios', path),
    airing: a['airing'] === true,
  };
  const synopsis = text(a['synopsis']);
  if (synopsis) record.synopsis = synopsis;
  if (typeof a['score'] === 'number') {
    record.score = { value: a['score'], scale: 10, normalized: a['score'] };
    if (typeof a['scored_by'] === 'number') record.score.votes = a['scored_by'];
  }
  const status = text(a['status']);
  if (status) record.status = status;
  if (Array.isArray(a['streaming'])) {
    record.streaming = (a['streaming'] as unknown[]).flatMap((s) => {
      const site = text((s as Json | null)?.['name']);
      const url = text((s as Json | null)?.['url']);
      return site && url ? [{ site, url }] : [];
    });
  }
  const trailer = trailerUrl(a['trailer']);
  if (trailer) record.trailer = { url: trailer };
  const broadcast = broadcastOf(a['broadcast']);
  if (broadcast) record.broadcast = broadcast;
  const url = text(a['url']);
  if (url) record.url = url;
  const year = yearOf(a);
  if (year !== undefined) record.year = year;
  const type = text(a['type']);
  if (type) record.type = type;
  return record;
}

/**
 * The next weekly air time (ISO, UTC) of a broadcast slot at or after `now` (epoch ms), or
 * undefined when the slot is unknown. Jikan's slots are in Asia/Tokyo (UTC+9 all year, no DST);
 * other zones are not guessed at.
 */
export function nextBroadcast(broadcast: JikanBroadcast | undefined, now: number): string | undefined {
  const [next] = broadcastsBetween(broadcast, now, now + WEEK_MS);
  return next === undefined ? undefined : new Date(next).toISOString();
}

/**
 * Every weekly air time (epoch ms) of a broadcast slot inside [from, to], oldest first; empty
 * when the slot is unknown or not in Asia/Tokyo. JST late-night times past 24:00 ("25:30" on a
 * Tuesday) are the next calendar day (Wednesday 01:30).
 */
export function broadcastsBetween(broadcast: JikanBroadcast | undefined, from: number, to: number): number[] {
  const offset = slotOffsetMs(broadcast);
  if (offset === undefined || to < from) return [];
  const first = FIRST_SUNDAY_JST_MS + offset;
  const times: number[] = [];
  for (let t = first + Math.ceil((from - first) / WEEK_MS) * WEEK_MS; t <= to; t += WEEK_MS) times.push(t);
  return times;
}

/** Milliseconds from Sunday 00:00 JST to the slot, or undefined when it is not a JST weekly slot. */
function slotOffsetMs(broadcast: JikanBroadcast | undefined): number | undefined {
  if (!broadcast?.day || !broadcast.time || broadcast.timezone !== 'Asia/Tokyo') return undefined;
  const weekday = WEEKDAYS.indexOf(broadcast.day.toLowerCase().replace(/s$/, ''));
  const match = /^(\d{1,2}):(\d{2})$/.exec(broadcast.time);
  if (weekday < 0 || !match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours >= 48 || minutes >= 60) return undefined;
  return weekday * DAY_MS + hours * HOUR_MS + minutes * 60_000;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-04 (a Sunday) 00:00 in Tokyo, as epoch ms: the origin of the weekly slots. */
const FIRST_SUNDAY_JST_MS = 3 * DAY_MS - 9 * HOUR_MS;

/** Jikan's weekday names (singular, lower case) in `Date#getUTCDay()` order. */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Prefers Jikan's typed `titles[]` (Default = romaji), falling back to the flat fields older payloads have. */
function titlesOf(a: Json): JikanAnimeRecord['titles'] {
  const typed = Array.isArray(a['titles']) ? (a['titles'] as Json[]) : [];
  const byType = (type: string): string | undefined => text(typed.find((t) => t?.['type'] === type)?.['title']);
  const titles: JikanAnimeRecord['titles'] = {};
  const romaji = byType('Default') ?? text(a['title']);
  const english = byType('English') ?? text(a['title_english']);
  const native = byType('Japanese') ?? text(a['title_japanese']);
  if (romaji) titles.romaji = romaji;
  if (english) titles.english = english;
  if (native) titles.native = native;
  return titles;
}

/** `url`, else a watch URL from `youtube_id` or from the embed URL (MAL often blanks the first two but keeps the embed). */
function trailerUrl(trailer: unknown): string | undefined {
  if (!trailer || typeof trailer !== 'object') return undefined;
  const t = trailer as Json;
  const url = text(t['url']);
  if (url) return url;
  const id = text(t['youtube_id']) ?? /\/embed\/([\w-]{6,})/.exec(text(t['embed_url']) ?? '')?.[1];
  return id ? `https://www.youtube.com/watch?v=${id}` : undefined;
}

/** `year` (season year), else the year of `aired.from` (Jikan leaves `year` null for specials and movies). */
function yearOf(a: Json): number | undefined {
  if (typeof a['year'] === 'number') return a['year'];
  const from = text((a['aired'] as Json | null | undefined)?.['from']);
  const year = from ? Number(from.slice(0, 4)) : NaN;
  return Number.isInteger(year) && year > 1900 ? year : undefined;
}

function broadcastOf(value: unknown): JikanBroadcast | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const b = value as Json;
  const broadcast: JikanBroadcast = {};
  const day = text(b['day']);
  const time = text(b['time']);
  const timezone = text(b['timezone']);
  if (day) broadcast.day = day;
  if (time) broadcast.time = time;
  if (timezone) broadcast.timezone = timezone;
  return day || time ? broadcast : undefined;
}

/** Names of a `[{name}]` list; an absent list is fine only for the optional ones (explicit_genres, demographics). */
function names(a: Json, key: string, path: string): string[] {
  const list = a[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw changed(`${path}.${key}`, 'is not a list');
  return list.flatMap((item) => {
    const name = text((item as Json | null)?.['name']);
    return name ? [name] : [];
  });
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
