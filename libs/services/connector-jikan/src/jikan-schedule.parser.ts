import { z } from 'zod';
import { AiringItemSchema, ValidationError } from '@anime/contracts';
import { WEEKDAYS, broadcastsBetween, parseJikanAnimeList, type JikanBroadcast } from './jikan-anime.parser';
import { malAnimeUrl } from './jikan-source-anime.parser';

/** One episode airing in a window (`@anime/contracts` exports only the schema). */
export type AiringItem = z.infer<typeof AiringItemSchema>;

/** What a `/schedules` entry needs to place it in a window: the cached value holds no times. */
export interface JikanScheduleEntry {
  malId: number;
  title: string;
  url: string;
  broadcast?: JikanBroadcast;
}

/** One page of `/schedules?filter=<day>`. */
export interface JikanSchedulePage {
  entries: JikanScheduleEntry[];
  hasNextPage: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const JST_OFFSET_MS = 9 * HOUR_MS;
/** Latest JST broadcast time a day's list can hold ("29:59" = next day 05:59). */
const LATEST_SLOT_MS = 30 * HOUR_MS;
/** Longest window one schedule call answers (each weekday is fetched once). */
export const MAX_SCHEDULE_WINDOW_MS = 7 * DAY_MS;

const AiringItemsSchema = z.array(AiringItemSchema);

/** Parses a `/schedules` page (`{data: anime[], pagination}`); structure problems throw `UpstreamChangedError` naming the path. */
export function parseJikanSchedulePage(body: unknown): JikanSchedulePage {
  const page = parseJikanAnimeList(body);
  return {
    entries: page.items.map((r) => {
      const entry: JikanScheduleEntry = { malId: r.malId, title: r.titles.romaji ?? r.titles.english ?? `MyAnimeList #${r.malId}`, url: r.url ?? malAnimeUrl(String(r.malId)) };
      if (r.broadcast) entry.broadcast = r.broadcast;
      return entry;
    }),
    hasNextPage: page.hasNextPage,
  };
}

/**
 * The window [from, to] (ISO with offset) as epoch ms, rejecting reversed or over-long windows
 * with a `ValidationError` before anything is fetched.
 */
export function scheduleWindow(from: string, to: string): { from: number; to: number } {
  const window = { from: Date.parse(from), to: Date.parse(to) };
  if (!(window.to >= window.from)) throw new ValidationError(`'to' (${to}) is before 'from' (${from})`, { details: { from, to } });
  if (window.to - window.from > MAX_SCHEDULE_WINDOW_MS) {
    throw new ValidationError(`The window ${from} – ${to} is longer than 7 days`, { details: { from, to, maxDays: 7 } });
  }
  return window;
}

/**
 * The Jikan weekday lists (`/schedules?filter=<day>`) that can hold a slot inside the window: the
 * Tokyo days it touches, plus the day before when the window starts early enough that a
 * late-night slot of that day ("Tuesdays 25:00" = Wednesday 01:00 JST) falls in it.
 */
export function scheduleWeekdays(window: { from: number; to: number }): string[] {
  const days: string[] = [];
  // Tokyo midnights as "JST as if UTC": the smallest one after (from − latest slot), up to `to`.
  const fromJst = window.from + JST_OFFSET_MS - LATEST_SLOT_MS;
  const toJst = window.to + JST_OFFSET_MS;
  for (let day = Math.floor(fromJst / DAY_MS) * DAY_MS + DAY_MS; day <= toJst; day += DAY_MS) {
    const name = WEEKDAYS[new Date(day).getUTCDay()] as string;
    if (!days.includes(name)) days.push(name);
  }
  return days;
}

/**
 * Every air time of the entries inside [from, to], earliest first (ties by title), validated
 * against `AiringItemSchema`. Entries without a known JST slot are left out: Jikan has no time
 * for them. Jikan's schedules carry no episode numbers, so `episode` is not set.
 */
export function airingsInWindow(entries: readonly JikanScheduleEntry[], window: { from: number; to: number }): AiringItem[] {
  const seen = new Set<string>();
  const items: AiringItem[] = [];
  for (const entry of entries) {
    for (const at of broadcastsBetween(entry.broadcast, window.from, window.to)) {
      const key = `${entry.malId}@${at}`;
      if (seen.has(key)) continue; // the same show on two pages or day lists
      seen.add(key);
      const id = String(entry.malId);
      items.push({ sourceId: id, sourceUrl: entry.url, title: entry.title, airingAt: new Date(at).toISOString(), malId: id });
    }
  }
  items.sort((a, b) => a.airingAt.localeCompare(b.airingAt) || a.title.localeCompare(b.title));
  return AiringItemsSchema.parse(items);
}
