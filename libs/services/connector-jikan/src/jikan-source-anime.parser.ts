import { SourceAnimeSchema, type DetailField, type SourceAnime } from '@anime/contracts';
import { nextBroadcast, type JikanAnimeRecord } from './jikan-anime.parser';
import type { JikanCharacter, JikanStaffMember } from './jikan-credits.parser';
import type { JikanEpisode, JikanRecommendation, JikanStatistics } from './jikan-extras.parser';
import { JIKAN_SOURCE } from './jikan-fields.parser';

/**
 * Fields that need their own Jikan request (fetched only when asked, never for an empty field
 * list); everything else comes from `/anime/{id}/full`.
 */
export const JIKAN_SEPARATE_FIELDS: ReadonlySet<DetailField> = new Set<DetailField>(['characters', 'staff', 'episode-list', 'recommendations', 'statistics']);

/** Everything an answer is assembled from; all values already parsed. */
export interface JikanAnswerParts {
  id: string;
  /** The requested fields; empty = everything `/full` has (none of the separate endpoints). */
  fields: readonly DetailField[];
  record?: JikanAnimeRecord;
  characters?: JikanCharacter[];
  staff?: JikanStaffMember[];
  episodeList?: JikanEpisode[];
  recommendations?: JikanRecommendation[];
  statistics?: JikanStatistics;
  /** ISO time of the oldest upstream value used. */
  fetchedAt: string;
  /** True when any part was served from cache because Jikan failed. */
  stale: boolean;
  /** Epoch ms, for the next air time. */
  now: number;
}

/** MAL's page for an anime (Jikan mirrors MAL ids). */
export function malAnimeUrl(id: string): string {
  return `https://myanimelist.net/anime/${id}`;
}

/**
 * Builds the `source.v1.jikan.get` answer: only the requested fields (all `/full` fields for an
 * empty list), airing only while Jikan says the show airs, validated with `SourceAnimeSchema`.
 */
export function buildJikanSourceAnime(parts: JikanAnswerParts): SourceAnime {
  const wants = (field: DetailField): boolean => (parts.fields.length === 0 ? !JIKAN_SEPARATE_FIELDS.has(field) : parts.fields.includes(field));
  const answer: SourceAnime = { source: JIKAN_SOURCE, sourceId: parts.id, sourceUrl: malAnimeUrl(parts.id), fetchedAt: parts.fetchedAt, stale: parts.stale };
  const r = parts.record;
  if (r) {
    if (wants('titles')) answer.titles = r.titles;
    if (wants('synopsis') && r.synopsis !== undefined) answer.synopsis = r.synopsis;
    if (wants('score') && r.score) answer.score = r.score;
    if (wants('episodes')) answer.episodes = r.episodes;
    if (wants('status') && r.status !== undefined) answer.status = r.status;
    if (wants('genres')) answer.genres = r.genres;
    if (wants('studios')) answer.studios = r.studios;
    if (wants('streaming') && r.streaming) answer.streaming = r.streaming;
    if (wants('trailer') && r.trailer) answer.trailer = r.trailer;
    if (wants('airing') && r.airing) {
      // Jikan has no episode counter for airing shows; the weekly slot gives the next air time.
      const airingAt = nextBroadcast(r.broadcast, parts.now);
      answer.airing = airingAt ? { airingAt } : {};
    }
  }
  if (wants('characters') && parts.characters) answer.characters = parts.characters;
  if (wants('staff') && parts.staff) answer.staff = parts.staff;
  if (wants('episode-list') && parts.episodeList) answer['episode-list'] = parts.episodeList;
  if (wants('recommendations') && parts.recommendations) answer.recommendations = parts.recommendations;
  if (wants('statistics') && parts.statistics) answer.statistics = parts.statistics;
  return SourceAnimeSchema.parse(answer);
}
