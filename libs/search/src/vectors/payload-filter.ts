import type { SearchFilters } from '@anime/contracts';
import type { PayloadFilter, VectorPayload } from './vector-store.port';

/**
 * The part of the catalog's lexical filters a vector store can pre-filter on from its payload
 * (year, type, status, tags, studios, score). The rest (seasons, episodes, platforms, relatedTo…)
 * is enforced by the exact `accept` predicate the catalog index compiles from the same filters.
 */
export function payloadFilterOf(filters: SearchFilters | undefined): PayloadFilter | undefined {
  if (!filters) return undefined;
  const lower = (list: string[] | undefined) => list?.map((s) => s.toLowerCase());
  const out: PayloadFilter = {
    ...(filters.years ? { years: filters.years } : {}),
    ...(filters.types?.length ? { types: filters.types } : {}),
    ...(filters.statuses?.length ? { statuses: filters.statuses } : {}),
    ...(filters.tags ? { tags: { all: lower(filters.tags.all), any: lower(filters.tags.any), none: lower(filters.tags.none) } } : {}),
    ...(filters.studios ? { studios: { any: lower(filters.studios.any), none: lower(filters.studios.none) } } : {}),
    ...(filters.score ? { score: filters.score } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

/** Evaluates a payload filter on one payload (same semantics as the Qdrant filter it becomes). */
export function matchesPayload(payload: VectorPayload, filter: PayloadFilter): boolean {
  const { years, types, statuses, tags, studios, score } = filter;
  if (years && (payload.year === undefined || payload.year < (years.min ?? -Infinity) || payload.year > (years.max ?? Infinity))) return false;
  if (types?.length && !types.includes(payload.type)) return false;
  if (statuses?.length && !statuses.includes(payload.status)) return false;
  if (tags) {
    if (tags.all?.length && !tags.all.every((t) => payload.tags.includes(t))) return false;
    if (tags.any?.length && !tags.any.some((t) => payload.tags.includes(t))) return false;
    if (tags.none?.length && tags.none.some((t) => payload.tags.includes(t))) return false;
  }
  if (studios) {
    if (studios.any?.length && !studios.any.some((s) => payload.studios.includes(s))) return false;
    if (studios.none?.length && studios.none.some((s) => payload.studios.includes(s))) return false;
  }
  if (score && (payload.score === undefined || payload.score < (score.min ?? -Infinity) || payload.score > (score.max ?? Infinity))) return false;
  return true;
}

/** The payload stored for a catalog entry (tags and studios lower-cased, as the filters compare). */
export function payloadOf(anime: { id: string; animeSeason: { year?: number | null }; type: string; status: string; tags: string[]; studios: string[]; score?: { arithmeticMean: number } | null }): VectorPayload {
  return {
    id: anime.id,
    ...(anime.animeSeason.year ? { year: anime.animeSeason.year } : {}),
    type: anime.type,
    status: anime.status,
    tags: anime.tags.map((t) => t.toLowerCase()),
    studios: anime.studios.map((s) => s.toLowerCase()),
    ...(anime.score ? { score: anime.score.arithmeticMean } : {}),
  };
}
