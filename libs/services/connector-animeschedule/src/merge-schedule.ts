import type { AirType, AnimeScheduleEntry, ScheduleItem } from '@anime/contracts';
import { foldText } from '@anime/search';
import { countdown, renderLocal } from './zoned-time';

/** An AniList or Jikan schedule item (`AiringItemSchema`). */
export interface SourceAiring {
  sourceId: string;
  sourceUrl: string;
  title: string;
  episode?: number;
  airingAt: string;
  malId?: string;
}

/** A catalog entry a show was matched to. */
export interface CatalogMatch {
  id: string;
  title: string;
}

/** Everything the merge needs; all fetching happened before. */
export interface MergeInput {
  window: { from: number; to: number };
  now: number;
  timezone: string;
  airType: AirType;
  /** Normalised platform names; empty = all. */
  platforms: readonly string[];
  title?: string;
  animeschedule?: readonly AnimeScheduleEntry[];
  anilist?: readonly SourceAiring[];
  jikan?: readonly SourceAiring[];
  /** "mal:<id>" → catalog entry (from catalog.v1.ids.resolve). */
  byMalId: ReadonlyMap<string, CatalogMatch>;
  /** AnimeSchedule route → catalog entry (exact title match in the catalog). */
  byRoute: ReadonlyMap<string, CatalogMatch>;
}

type SourceName = ScheduleItem['sources'][number]['name'];

interface Row {
  source: SourceName;
  key: string;
  title: string;
  at: number;
  airType: AirType;
  episode?: number;
  animeId?: string;
  sourceId: string;
  sourceUrl: string;
  entry?: AnimeScheduleEntry;
}

/** A raw broadcast and a sub release of the same episode lie at most this far apart to be joined without episode numbers. */
const JOIN_WINDOW_MS = 36 * 3_600_000;
/** AniList and Jikan give the same broadcast; a few minutes' difference is rounding. */
const SAME_BROADCAST_MS = 3_600_000;

/**
 * Merges the three sources into one list, each episode once. Shows are keyed by catalog id (MAL
 * ids via `catalog.v1.ids.resolve`, AnimeSchedule routes via an exact catalog title match), falling
 * back to a title match against the other sources. AnimeSchedule's entry leads (it knows sub/dub
 * times and streams); an AniList/Jikan item joins it when the episode numbers agree, or — without
 * a number, and not for dubs, which lag by weeks — when it lies within 36 h. Raw-only items stay
 * in the answer for `raw`, and for sub/dub only when AnimeSchedule gave nothing (a fallback that
 * says it is the raw broadcast). The platform filter needs streams, which only AnimeSchedule has.
 */
export function mergeSchedule(input: MergeInput): ScheduleItem[] {
  const inWindow = (at: number): boolean => at >= input.window.from && at <= input.window.to;
  const titleKeys = new Map<string, string>();
  const rawRows: Row[] = [];
  for (const [source, items] of [['anilist', input.anilist], ['jikan', input.jikan]] as const) {
    for (const item of items ?? []) {
      const at = Date.parse(item.airingAt);
      if (!inWindow(at)) continue;
      const match = item.malId ? input.byMalId.get(`mal:${item.malId}`) : undefined;
      const key = match?.id ?? (item.malId ? `mal:${item.malId}` : `title:${foldText(item.title)}`);
      for (const t of [item.title, match?.title]) if (t) titleKeys.set(foldText(t), key);
      rawRows.push({ source, key, title: match?.title ?? item.title, at, airType: 'raw', ...(item.episode ? { episode: item.episode } : {}), ...(match ? { animeId: match.id } : {}), sourceId: item.sourceId, sourceUrl: item.sourceUrl });
    }
  }
  const leadRows: Row[] = [];
  for (const entry of input.animeschedule ?? []) {
    if (entry.airingAt === null) continue;
    const at = Date.parse(entry.airingAt);
    if (!inWindow(at)) continue;
    const match = input.byRoute.get(entry.route);
    const titles = [entry.titles.romaji, entry.title, entry.titles.english].filter((t): t is string => !!t).map(foldText);
    const key = match?.id ?? titles.map((t) => titleKeys.get(t)).find((k) => k !== undefined) ?? `animeschedule:${entry.route}`;
    const animeId = match?.id ?? (key.startsWith('animeschedule:') || key.startsWith('title:') ? undefined : key);
    leadRows.push({ source: 'animeschedule', key, title: entry.title, at, airType: entry.airType, ...(entry.episode ? { episode: entry.episode } : {}), ...(animeId ? { animeId } : {}), sourceId: entry.route, sourceUrl: entry.sourceUrl, entry });
  }

  const groups: Row[][] = leadRows.map((row) => [row]);
  const leftover: Row[] = [];
  for (const row of rawRows) {
    const lead = bestLead(groups, row, input.airType);
    if (lead) lead.push(row);
    else leftover.push(row);
  }
  if (input.airType === 'raw' || leadRows.length === 0) {
    for (const row of leftover) {
      const group = groups.find((g) => g[0]?.source !== 'animeschedule' && g[0]?.key === row.key && g.every((r) => r.source !== row.source) && sameEpisode(g[0] as Row, row));
      if (group) group.push(row);
      else groups.push([row]);
    }
  }

  const wantedTitle = input.title ? foldText(input.title) : undefined;
  const items = groups
    .map((group) => toItem(group, input))
    .filter((x) => input.platforms.length === 0 || x.platforms.some((p) => input.platforms.includes(p)))
    .filter((x) => !wantedTitle || x.searchTitles.some((t) => t.includes(wantedTitle)))
    .sort((a, b) => a.item.airingAt.localeCompare(b.item.airingAt) || a.item.title.localeCompare(b.item.title));
  // The first episode of each show still to come is its "next episode".
  const seen = new Set<string>();
  for (const { item, key } of items) {
    if (Date.parse(item.airingAt) >= input.now && !seen.has(key)) {
      item.nextEpisode = true;
      seen.add(key);
    }
  }
  return items.map(({ item }) => item);
}

/** The AnimeSchedule group an AniList/Jikan row belongs to, if any (same show; same episode or near in time). */
function bestLead(groups: Row[][], row: Row, airType: AirType): Row[] | undefined {
  let best: { group: Row[]; distance: number } | undefined;
  for (const group of groups) {
    const lead = group[0] as Row;
    if (lead.source !== 'animeschedule' || lead.key !== row.key || group.some((r) => r.source === row.source)) continue;
    const bothNumbered = lead.episode !== undefined && row.episode !== undefined;
    if (bothNumbered && lead.episode !== row.episode) continue;
    if (!bothNumbered && airType === 'dub') continue;
    const distance = Math.abs(lead.at - row.at);
    if (!bothNumbered && distance > JOIN_WINDOW_MS) continue;
    if (!best || distance < best.distance) best = { group, distance };
  }
  return best?.group;
}

function sameEpisode(a: Row, b: Row): boolean {
  if (a.episode !== undefined && b.episode !== undefined) return a.episode === b.episode;
  return Math.abs(a.at - b.at) <= SAME_BROADCAST_MS;
}

/** One merged item, with the keys the filters and the next-episode marking need. */
function toItem(group: Row[], input: MergeInput): { item: ScheduleItem; key: string; platforms: string[]; searchTitles: string[] } {
  const lead = group[0] as Row;
  const entry = lead.entry;
  const episode = lead.episode ?? group.find((r) => r.episode !== undefined)?.episode;
  const animeId = group.find((r) => r.animeId)?.animeId;
  const streams = entry?.streams ?? [];
  const platforms = [...new Set(streams.map((s) => s.platform))];
  const item: ScheduleItem = {
    title: lead.title,
    ...(animeId ? { animeId } : {}),
    ...(episode !== undefined ? { episode } : {}),
    airingAt: new Date(lead.at).toISOString(),
    airType: lead.airType,
    local: renderLocal(lead.at, input.timezone),
    countdown: countdown(lead.at, input.now),
    nextEpisode: false,
    ...(entry?.lengthMin ? { lengthMin: entry.lengthMin } : {}),
    platforms,
    streams,
    ...(entry?.delayed ? { delayed: { ...(entry.delayed.text ? { text: entry.delayed.text } : {}), from: entry.delayed.from, until: entry.delayed.until } } : {}),
    sources: group.map((r) => ({ name: r.source, sourceId: r.sourceId, sourceUrl: r.sourceUrl, airingAt: new Date(r.at).toISOString(), airType: r.airType, ...(r.episode !== undefined ? { episode: r.episode } : {}) })),
  };
  const searchTitles = [...group.map((r) => r.title), ...(entry ? Object.values(entry.titles) : [])].map(foldText);
  return { item, key: lead.key, platforms, searchTitles };
}
