import { z } from 'zod';
import { AnimeScheduleAnimeSchema } from '@anime/contracts';
import { animeScheduleUrl, knownCount, knownDate, optionalText, parseUpstream, streamLinks } from './animeschedule-fields';

type AnimeScheduleAnime = z.infer<typeof AnimeScheduleAnimeSchema>;
/** The anime without provenance: what is cached. */
export type AnimeScheduleAnimeRecord = Omit<AnimeScheduleAnime, 'fetchedAt' | 'stale'>;

const Named = z.array(z.object({ name: z.string() })).nullish();

/** An anime object as AnimeSchedule v3 sends it (`/anime/{slug}`, and each hit of `/anime?q=`). */
const UpstreamAnime = z.object({
  title: z.string(),
  route: z.string().min(1),
  names: z.object({ romaji: z.string().nullish(), english: z.string().nullish(), native: z.string().nullish() }).nullish(),
  description: z.string().nullish(),
  episodes: z.number().nullish(),
  lengthMin: z.number().nullish(),
  status: z.string().nullish(),
  year: z.number().int().nullish(),
  season: z.object({ title: z.string().nullish() }).nullish(),
  premier: z.string().nullish(),
  subPremier: z.string().nullish(),
  dubPremier: z.string().nullish(),
  jpnTime: z.string().nullish(),
  subTime: z.string().nullish(),
  dubTime: z.string().nullish(),
  genres: Named,
  studios: Named,
  websites: z.record(z.string(), z.string()).nullish(),
});

const UpstreamPage = z.object({ anime: z.array(UpstreamAnime).nullable() });

/** Websites that are not streaming services (ids and official pages). */
const NOT_STREAMS = new Set(['official', 'mal', 'aniList', 'anilist', 'kitsu', 'anidb', 'animePlanet', 'anisearch', 'livechart', 'twitter', 'mu', 'mangaupdates', 'wikipedia', 'youtube-trailer']);

/** The numeric id at the end of "myanimelist.net/anime/1" or "anilist.co/anime/1". */
const idFrom = (url: string | undefined, host: RegExp): string | undefined => (url && host.test(url) ? /\/anime\/(\d+)/u.exec(url)?.[1] : undefined);

/**
 * Maps an `/anime/{slug}` body. Zero dates (`0001-01-01…`: premieres, delays, overrides) are
 * unknown (null); the MAL and AniList ids come from its `websites`, the streams from the rest.
 */
export function parseAnimeScheduleAnime(body: unknown): AnimeScheduleAnimeRecord {
  return mapAnime(parseUpstream(UpstreamAnime, body, 'anime'));
}

/** A `/anime?q=` page as list hits. */
export function parseAnimeScheduleSearch(body: unknown): Array<{ route: string; sourceUrl: string; title: string; episodes: number | null; year: number | null; status?: string }> {
  return (parseUpstream(UpstreamPage, body, 'search page').anime ?? []).map((a) => ({
    route: a.route,
    sourceUrl: animeScheduleUrl(a.route),
    title: a.title,
    episodes: knownCount(a.episodes),
    year: knownCount(a.year),
    ...(optionalText(a.status) ? { status: a.status as string } : {}),
  }));
}

function mapAnime(a: z.output<typeof UpstreamAnime>): AnimeScheduleAnimeRecord {
  const websites = a.websites ?? {};
  const streams = Object.fromEntries(Object.entries(websites).filter(([key]) => !NOT_STREAMS.has(key)));
  const malId = idFrom(websites['mal'], /myanimelist\.net/u);
  const anilistId = idFrom(websites['aniList'] ?? websites['anilist'], /anilist\.co/u);
  return {
    route: a.route,
    sourceUrl: animeScheduleUrl(a.route),
    title: a.title,
    titles: {
      ...(optionalText(a.names?.romaji) ? { romaji: a.names?.romaji as string } : {}),
      ...(optionalText(a.names?.english) ? { english: a.names?.english as string } : {}),
      ...(optionalText(a.names?.native) ? { native: a.names?.native as string } : {}),
    },
    ...(optionalText(a.description) ? { synopsis: a.description as string } : {}),
    episodes: knownCount(a.episodes),
    lengthMin: knownCount(a.lengthMin),
    ...(optionalText(a.status) ? { status: a.status as string } : {}),
    year: knownCount(a.year),
    ...(optionalText(a.season?.title) ? { season: a.season?.title as string } : {}),
    premier: knownDate(a.premier),
    subPremier: knownDate(a.subPremier),
    dubPremier: knownDate(a.dubPremier),
    times: { raw: knownDate(a.jpnTime), sub: knownDate(a.subTime), dub: knownDate(a.dubTime) },
    genres: (a.genres ?? []).map((g) => g.name),
    studios: (a.studios ?? []).map((s) => s.name),
    ...(malId ? { malId } : {}),
    ...(anilistId ? { anilistId } : {}),
    streams: streamLinks(streams),
  };
}
