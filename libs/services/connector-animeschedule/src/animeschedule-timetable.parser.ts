import { z } from 'zod';
import type { AnimeScheduleEntry } from '@anime/contracts';
import { AIR_TYPE_OF, animeScheduleUrl, knownCount, knownDate, optionalText, parseUpstream, streamLinks } from './animeschedule-fields';

/** A timetable entry as AnimeSchedule v3 sends it: only what we read, everything else ignored. */
const UpstreamEntry = z.object({
  title: z.string(),
  route: z.string().min(1),
  romaji: z.string().nullish(),
  english: z.string().nullish(),
  native: z.string().nullish(),
  delayedText: z.string().nullish(),
  delayedFrom: z.string().nullish(),
  delayedUntil: z.string().nullish(),
  status: z.string().nullish(),
  episodeDate: z.string().nullish(),
  episodeNumber: z.number().int().nullish(),
  episodes: z.number().int().nullish(),
  lengthMin: z.number().nullish(),
  donghua: z.boolean().nullish(),
  airType: z.string(),
  mediaTypes: z.array(z.object({ route: z.string() })).nullish(),
  streams: z.record(z.string(), z.string()).nullish(),
  airingStatus: z.string().nullish(),
});

/** `/timetables/{airType}` answers a bare array of entries (or null for an empty week). */
const UpstreamTimetable = z.array(UpstreamEntry).nullable();

/**
 * Maps a `/timetables/{airType}` body to entries. Go's zero time (`0001-01-01T00:00:00Z`) is
 * "unknown" and becomes null, never the year 1; an entry of another air type than asked (the
 * `all` shape) keeps its own; `delayed` is set only when a delay is actually known.
 */
export function parseAnimeScheduleTimetable(body: unknown): AnimeScheduleEntry[] {
  const entries = parseUpstream(UpstreamTimetable, body, 'timetable') ?? [];
  return entries.map((e) => {
    const delayedFrom = knownDate(e.delayedFrom);
    const delayedUntil = knownDate(e.delayedUntil);
    const delayedText = optionalText(e.delayedText);
    const entry: AnimeScheduleEntry = {
      route: e.route,
      sourceUrl: animeScheduleUrl(e.route),
      title: e.title,
      titles: {
        ...(optionalText(e.romaji) ? { romaji: e.romaji as string } : {}),
        ...(optionalText(e.english) ? { english: e.english as string } : {}),
        ...(optionalText(e.native) ? { native: e.native as string } : {}),
      },
      episodes: knownCount(e.episodes),
      airingAt: knownDate(e.episodeDate),
      airType: AIR_TYPE_OF[e.airType.toLowerCase()] ?? 'raw',
      lengthMin: knownCount(e.lengthMin),
      streams: streamLinks(e.streams),
      mediaTypes: (e.mediaTypes ?? []).map((m) => m.route),
      donghua: e.donghua ?? false,
    };
    if (typeof e.episodeNumber === 'number' && e.episodeNumber > 0) entry.episode = e.episodeNumber;
    if (optionalText(e.status)) entry.status = e.status as string;
    if (optionalText(e.airingStatus)) entry.airingStatus = e.airingStatus as string;
    if (delayedText || delayedFrom || delayedUntil) entry.delayed = { ...(delayedText ? { text: delayedText } : {}), from: delayedFrom, until: delayedUntil };
    return entry;
  });
}
