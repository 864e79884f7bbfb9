import type { SourceAnime } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';
import { JIKAN_SOURCE, changed, requireKeys, text } from './jikan-fields.parser';

/** One episode of `episode-list`. */
export type JikanEpisode = NonNullable<SourceAnime['episode-list']>[number];
/** One entry of `recommendations`. */
export type JikanRecommendation = NonNullable<SourceAnime['recommendations']>[number];
/** Watching/completed/… counts. */
export type JikanStatistics = NonNullable<SourceAnime['statistics']>;

type Json = Record<string, unknown>;

/**
 * Parses `/anime/{id}/episodes` (first page): `{data: [{mal_id, title, aired, …}], pagination}`.
 * `mal_id` is the episode number; `aired` is kept as Jikan gives it (ISO with offset) or left out when null.
 */
export function parseJikanEpisodes(body: unknown): JikanEpisode[] {
  return list(body).map((entry, i) => {
    const path = `data.${i}`;
    requireKeys(entry, path, ['mal_id', 'title', 'aired']);
    const e = entry as Json;
    const number = e['mal_id'];
    if (typeof number !== 'number' || !Number.isInteger(number)) throw changed(`${path}.mal_id`, 'is not an episode number');
    const episode: JikanEpisode = { number };
    const title = text(e['title']);
    if (title) episode.title = title;
    const aired = text(e['aired']);
    if (aired) episode.aired = aired;
    return episode;
  });
}

/** Parses `/anime/{id}/recommendations`: `{data: [{entry: {mal_id, title}, votes}]}`, in Jikan's order (most votes first). */
export function parseJikanRecommendations(body: unknown): JikanRecommendation[] {
  return list(body).map((item, i) => {
    const path = `data.${i}`;
    requireKeys(item, path, ['entry']);
    const entry = (item as Json)['entry'];
    requireKeys(entry, `${path}.entry`, ['mal_id', 'title']);
    const id = (entry as Json)['mal_id'];
    const title = text((entry as Json)['title']);
    if (typeof id !== 'number') throw changed(`${path}.entry.mal_id`, 'is not a number');
    if (!title) throw changed(`${path}.entry.title`, 'is blank');
    const recommendation: JikanRecommendation = { sourceId: String(id), title };
    const votes = (item as Json)['votes'];
    if (typeof votes === 'number' && Number.isInteger(votes)) recommendation.votes = votes;
    return recommendation;
  });
}

/** The list counts `/anime/{id}/statistics` always has. */
const STATISTICS_KEYS = ['watching', 'completed', 'on_hold', 'dropped', 'plan_to_watch', 'total'] as const;

/**
 * Parses `/anime/{id}/statistics`: `{data: {watching, completed, on_hold, dropped, plan_to_watch,
 * total, scores: [{score, votes, percentage}]}}`. Keeps Jikan's key names for the list counts and
 * adds `score_<n>_votes` per score bucket.
 */
export function parseJikanStatistics(body: unknown): JikanStatistics {
  const data = expectField<unknown>(body, 'data', JIKAN_SOURCE);
  requireKeys(data, 'data', STATISTICS_KEYS);
  const d = data as Json;
  const statistics: JikanStatistics = {};
  for (const key of STATISTICS_KEYS) {
    const value = d[key];
    if (typeof value !== 'number') throw changed(`data.${key}`, 'is not a number');
    statistics[key] = value;
  }
  const scores = d['scores'];
  if (Array.isArray(scores)) {
    for (const bucket of scores as Json[]) {
      if (typeof bucket?.['score'] === 'number' && typeof bucket['votes'] === 'number') statistics[`score_${bucket['score']}_votes`] = bucket['votes'];
    }
  }
  return statistics;
}

function list(body: unknown): unknown[] {
  const data = expectField<unknown>(body, 'data', JIKAN_SOURCE);
  if (!Array.isArray(data)) throw changed('data', 'is not a list');
  return data;
}
