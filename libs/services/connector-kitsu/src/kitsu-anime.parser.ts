import { NotFoundError, SourceAnimeSchema, type DetailField, type SourceAnime } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';
import { IncludedIndex, KITSU, changed, optionalAttribute, readResource, requireString, type Located } from './json-api.parser';

/** Relationships the connector asks Kitsu to `include` with the anime (see `KITSU_ANIME_INCLUDE`). */
export const KITSU_INCLUDED_RELATIONSHIPS = ['categories', 'genres', 'animeProductions'] as const;
export type KitsuIncludedRelationship = (typeof KITSU_INCLUDED_RELATIONSHIPS)[number];

/** What one Kitsu anime document says, before the request's field selection. */
export type KitsuAnimeRecord = Omit<SourceAnime, 'fetchedAt' | 'stale' | 'streaming' | 'characters' | 'staff' | 'episode-list' | 'recommendations'>;

/** Options of {@link parseKitsuAnimeDocument}. */
export interface ParseKitsuAnimeOptions {
  /** The id asked for: names it in NotFound, picks it out of a filter result. */
  id?: string;
  /** Relationships that were `include`d and so must carry `data` (a missing one is a format change). */
  requireIncluded?: readonly KitsuIncludedRelationship[];
}

/**
 * Maps a Kitsu JSON:API anime document — `/anime?filter[id]=…` (data is an array) or
 * `/anime/<id>` (data is one resource), with or without `include` — to what Kitsu says about the
 * anime. An empty `data` array is Kitsu's "no such anime"; a document without the members every
 * anime has (id, attributes, titles, status) is an upstream change, never an empty success.
 */
export function parseKitsuAnimeDocument(body: unknown, options: ParseKitsuAnimeOptions = {}): KitsuAnimeRecord {
  const data = expectField<unknown>(body, 'data', KITSU);
  let anime: Located;
  if (Array.isArray(data)) {
    if (data.length === 0) throw new NotFoundError(`Kitsu has no anime with id ${options.id ?? '(unknown)'}`, { details: { source: KITSU, id: options.id } });
    const index = options.id === undefined ? 0 : Math.max(0, data.findIndex((d: { id?: unknown }) => d?.id === options.id));
    anime = readResource(body, `data.${index}`);
  } else {
    anime = readResource(body, 'data');
  }
  if (anime.resource.type !== 'anime') throw changed(`${anime.path}.type`, `is "${anime.resource.type}", not "anime"`);

  const included = new IncludedIndex(body);
  for (const name of options.requireIncluded ?? []) {
    if (included.related(anime, name) === undefined) throw changed(`${anime.path}.relationships.${name}.data`, 'is missing although it was included');
  }

  const id = anime.resource.id;
  const slug = optionalAttribute(anime, 'slug', 'string');
  const record: KitsuAnimeRecord = {
    source: 'kitsu',
    sourceId: id,
    sourceUrl: `https://kitsu.app/anime/${encodeURIComponent(slug ?? id)}`,
    titles: parseTitles(body, anime),
    status: requireString(anime, 'status', body),
  };
  const synopsis = optionalAttribute(anime, 'synopsis', 'string')?.trim();
  if (synopsis) record.synopsis = synopsis;
  const score = parseKitsuScore(anime);
  if (score) record.score = score;
  // null is Kitsu's "not known yet" (airing or announced shows); absent means not sent.
  if ('episodeCount' in anime.resource.attributes) record.episodes = optionalAttribute(anime, 'episodeCount', 'number') ?? null;
  const genres = parseGenres(body, anime, included);
  if (genres) record.genres = genres;
  const studios = parseStudios(body, anime, included);
  if (studios) record.studios = studios;
  const youtube = optionalAttribute(anime, 'youtubeVideoId', 'string');
  if (youtube) record.trailer = { url: `https://www.youtube.com/watch?v=${encodeURIComponent(youtube)}` };
  const statistics = parseKitsuStatistics(anime);
  if (statistics) record.statistics = statistics;
  const nextRelease = optionalAttribute(anime, 'nextRelease', 'string');
  if (nextRelease) {
    const at = new Date(nextRelease);
    if (Number.isNaN(at.getTime())) throw changed(`${anime.path}.attributes.nextRelease`, `is not a date ("${nextRelease}")`);
    record.airing = { airingAt: at.toISOString() };
  }
  return record;
}

/**
 * Category titles of a category list document (`/anime/<id>/categories`, or the categories of
 * a raw dump): the same strings `genres` carries when they come through `include`.
 */
export function parseKitsuCategoryList(body: unknown): string[] {
  const data = expectField<unknown>(body, 'data', KITSU);
  if (!Array.isArray(data)) throw changed('data', 'is not an array');
  return data.map((_, i) => {
    const category = readResource(body, `data.${i}`);
    return requireString(category, 'title', body);
  });
}

/** Fields a request gets when it names none: everything Kitsu answers without extra cost. */
export const KITSU_DEFAULT_FIELDS: readonly DetailField[] = ['titles', 'synopsis', 'score', 'episodes', 'status', 'genres', 'studios', 'streaming', 'trailer', 'airing'];

/** Provenance and extras that come from outside the anime document. */
export interface KitsuAnswerParts {
  fields: readonly DetailField[];
  fetchedAt: string;
  stale: boolean;
  streaming?: SourceAnime['streaming'];
  /** The first page of episodes (`/anime/<id>/episodes`), when `episode-list` was asked. */
  episodeList?: SourceAnime['episode-list'];
}

/**
 * The contract's answer: the record narrowed to the requested fields (identity and provenance
 * always), validated against `SourceAnimeSchema` so a mapping slip fails here, not at a caller.
 */
export function buildKitsuSourceAnime(record: KitsuAnimeRecord, parts: KitsuAnswerParts): SourceAnime {
  const wanted = new Set<DetailField>(parts.fields.length ? parts.fields : KITSU_DEFAULT_FIELDS);
  const answer: Record<string, unknown> = { source: record.source, sourceId: record.sourceId, sourceUrl: record.sourceUrl, fetchedAt: parts.fetchedAt, stale: parts.stale };
  const fromRecord: Record<string, unknown> = { ...record, streaming: parts.streaming, 'episode-list': parts.episodeList };
  for (const field of wanted) {
    if (fromRecord[field] !== undefined) answer[field] = fromRecord[field];
  }
  return SourceAnimeSchema.parse(answer);
}

function parseTitles(body: unknown, anime: Located): NonNullable<SourceAnime['titles']> {
  const titles = expectField<unknown>(body, `${anime.path}.attributes.titles`, KITSU);
  if (typeof titles !== 'object') throw changed(`${anime.path}.attributes.titles`, 'is not an object');
  const pick = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const value = (titles as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
    return undefined;
  };
  const result: NonNullable<SourceAnime['titles']> = {};
  // Kitsu keys titles by language_script: en_jp is the romanisation, ja_jp the Japanese original.
  const romaji = pick('en_jp') ?? optionalAttribute(anime, 'canonicalTitle', 'string');
  const english = pick('en', 'en_us');
  const native = pick('ja_jp');
  if (romaji) result.romaji = romaji;
  if (english) result.english = english;
  if (native) result.native = native;
  return result;
}

/** The counters and ranks Kitsu keeps on the anime, under Kitsu's own attribute names. */
export const KITSU_STATISTICS = ['userCount', 'favoritesCount', 'ratingRank', 'popularityRank'] as const;

/**
 * `statistics` from the anime attributes: users who listed it, users who made it a favourite,
 * and its rank by rating and by popularity (1 = best). A null counter (an unranked new show) is
 * left out; a counter sent as anything but a number is a format change. `undefined` when Kitsu
 * sent none of them (e.g. a sparse fieldset without them), never an empty record.
 */
export function parseKitsuStatistics(anime: Located): Record<string, number> | undefined {
  const statistics: Record<string, number> = {};
  for (const name of KITSU_STATISTICS) {
    const value = optionalAttribute(anime, name, 'number');
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) throw changed(`${anime.path}.attributes.${name}`, `is not a count (${value})`);
    statistics[name] = value;
  }
  return Object.keys(statistics).length ? statistics : undefined;
}

/** `averageRating` (a percentage string) with the ratings behind it; `undefined` while unrated. */
export function parseKitsuScore(anime: Located): SourceAnime['score'] {
  // averageRating is a percentage sent as a string ("76.87"), null while too few users rated.
  const raw = optionalAttribute(anime, 'averageRating', 'string');
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw changed(`${anime.path}.attributes.averageRating`, `is not a number ("${raw}")`);
  const score: NonNullable<SourceAnime['score']> = { value, scale: 100, normalized: Math.round(value * 10) / 100 };
  // Votes are the ratings behind the average (ratingFrequencies), not userCount: most users
  // who list an anime never rate it.
  const frequencies = optionalAttribute(anime, 'ratingFrequencies', 'object');
  if (frequencies) {
    const votes = Object.values(frequencies).reduce<number>((sum, n) => sum + (Number(n) || 0), 0);
    if (votes > 0) score.votes = votes;
  }
  return score;
}

function parseGenres(body: unknown, anime: Located, included: IncludedIndex): string[] | undefined {
  const categories = included.related(anime, 'categories');
  const genres = included.related(anime, 'genres');
  if (categories === undefined && genres === undefined) return undefined;
  // Categories are Kitsu's current taxonomy; the legacy genres mostly repeat them, so they only
  // add the names categories lack.
  const names = [...(categories ?? []).map((c) => requireString(c, 'title', body)), ...(genres ?? []).map((g) => requireString(g, 'name', body))];
  return [...new Set(names)];
}

function parseStudios(body: unknown, anime: Located, included: IncludedIndex): string[] | undefined {
  const productions = included.related(anime, 'animeProductions');
  if (productions === undefined) return undefined;
  const studios: string[] = [];
  for (const production of productions) {
    // Producers, licensors and studios are all animeProductions; only the role tells them apart.
    if (requireString(production, 'role', body) !== 'studio') continue;
    const producers = included.related(production, 'producer');
    if (producers === undefined) throw changed(`${production.path}.relationships.producer.data`, 'is missing although it was included');
    for (const producer of producers) studios.push(requireString(producer, 'name', body));
  }
  return [...new Set(studios)];
}
