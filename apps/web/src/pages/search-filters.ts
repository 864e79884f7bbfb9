import type { QueryPlan, SearchFilters } from '../api/types';

/** The filter panel's fields as the form holds them (strings, as inputs give them). */
export interface FilterValues {
  types: string[];
  seasons: string[];
  yearMin: string;
  yearMax: string;
  tagsInclude: string;
  tagsExclude: string;
  studios: string;
  episodesMin: string;
  episodesMax: string;
  scoreMin: string;
  scoreMax: string;
}

export const EMPTY_FILTER_VALUES: FilterValues = {
  types: [],
  seasons: [],
  yearMin: '',
  yearMax: '',
  tagsInclude: '',
  tagsExclude: '',
  studios: '',
  episodesMin: '',
  episodesMax: '',
  scoreMin: '',
  scoreMax: '',
};

const list = (text: string): string[] | undefined => {
  const items = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  return items.length ? items : undefined;
};
const num = (text: string): number | undefined => (text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text));
const range = (min: string, max: string): { min?: number; max?: number } | undefined => {
  const r = { min: num(min), max: num(max) };
  if (r.min === undefined) delete r.min;
  if (r.max === undefined) delete r.max;
  return Object.keys(r).length ? r : undefined;
};

/**
 * The panel → `search_anime` filters. Tags: include = all of them, exclude = none of them;
 * studios: any of them (comma-separated). Empty fields are left out (no filter).
 */
export function toSearchFilters(v: FilterValues): SearchFilters {
  const f: SearchFilters = {};
  if (v.types.length) f.types = v.types as NonNullable<SearchFilters['types']>;
  if (v.seasons.length) f.seasons = v.seasons as NonNullable<SearchFilters['seasons']>;
  const years = range(v.yearMin, v.yearMax);
  if (years) f.years = years;
  const all = list(v.tagsInclude);
  const none = list(v.tagsExclude);
  if (all || none) f.tags = { ...(all ? { all } : {}), ...(none ? { none } : {}) };
  const studios = list(v.studios);
  if (studios) f.studios = { any: studios };
  const episodes = range(v.episodesMin, v.episodesMax);
  if (episodes) f.episodes = episodes;
  const score = range(v.scoreMin, v.scoreMax);
  if (score) f.score = score;
  return f;
}

/**
 * Filters (e.g. the plan's) → the panel, so a person sees what was understood and can correct it.
 * Tags "any" are shown among the included ones only when there is no "all" list (the panel
 * has one include field); fields the panel has no control for are returned in `hidden`.
 */
export function toFilterValues(f: SearchFilters): { values: FilterValues; hidden: SearchFilters } {
  const s = (n: number | undefined): string => (n === undefined ? '' : String(n));
  const { types, seasons, years, tags, studios, episodes, score, ...rest } = f;
  const hidden: SearchFilters = rest;
  const include = tags?.all ?? tags?.any ?? [];
  if (tags?.all && tags.any) hidden.tags = { any: tags.any };
  if (studios?.none) hidden.studios = { none: studios.none };
  return {
    values: {
      types: [...(types ?? [])],
      seasons: [...(seasons ?? [])],
      yearMin: s(years?.min),
      yearMax: s(years?.max),
      tagsInclude: include.join(', '),
      tagsExclude: (tags?.none ?? []).join(', '),
      studios: (studios?.any ?? []).join(', '),
      episodesMin: s(episodes?.min),
      episodesMax: s(episodes?.max),
      scoreMin: s(score?.min),
      scoreMax: s(score?.max),
    },
    hidden,
  };
}

/** Merges the panel's filters with the ones it cannot show (kept from the plan). */
export function mergeFilters(panel: SearchFilters, hidden: SearchFilters): SearchFilters {
  const merged: SearchFilters = { ...hidden, ...panel };
  if (hidden.tags && panel.tags) merged.tags = { ...hidden.tags, ...panel.tags };
  if (hidden.studios && panel.studios) merged.studios = { ...hidden.studios, ...panel.studios };
  return merged;
}

/** One piece of an understood plan that the person can take back. */
export interface PlanPiece {
  label: string;
  remove(filters: SearchFilters): SearchFilters;
}

const without = <T>(items: readonly T[] | undefined, item: T): T[] | undefined => {
  const rest = (items ?? []).filter((i) => i !== item);
  return rest.length ? rest : undefined;
};
const drop = <K extends keyof SearchFilters>(f: SearchFilters, key: K, value: SearchFilters[K] | undefined): SearchFilters => {
  const next = { ...f };
  // Sub-objects (tags, studios) lose their emptied lists; an empty one goes altogether.
  const cleaned = value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) : value;
  if (cleaned === undefined || (typeof cleaned === 'object' && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0)) delete next[key];
  else next[key] = cleaned as SearchFilters[K];
  return next;
};
const rangeLabel = (r: { min?: number; max?: number }, unit = ''): string =>
  r.min !== undefined && r.max !== undefined ? (r.min === r.max ? `${r.min}${unit}` : `${r.min}–${r.max}${unit}`) : r.min !== undefined ? `${r.min}+${unit}` : `≤ ${r.max}${unit}`;

/**
 * The plan's filters as removable pieces ("TV", "2011+", "Bones", "not isekai"): removing one
 * gives the filters without it.
 */
export function planPieces(plan: Pick<QueryPlan, 'filters'>): PlanPiece[] {
  const f = plan.filters;
  const pieces: PlanPiece[] = [];
  for (const t of f.types ?? []) pieces.push({ label: t, remove: (x) => drop(x, 'types', without(x.types, t)) });
  for (const s of f.seasons ?? []) pieces.push({ label: s.toLowerCase(), remove: (x) => drop(x, 'seasons', without(x.seasons, s)) });
  for (const s of f.statuses ?? []) pieces.push({ label: s.toLowerCase(), remove: (x) => drop(x, 'statuses', without(x.statuses, s)) });
  if (f.years) pieces.push({ label: rangeLabel(f.years), remove: (x) => drop(x, 'years', undefined) });
  for (const key of ['all', 'any', 'none'] as const) {
    for (const tag of f.tags?.[key] ?? []) {
      pieces.push({ label: key === 'none' ? `not ${tag}` : tag, remove: (x) => drop(x, 'tags', { ...x.tags, [key]: without(x.tags?.[key], tag) }) });
    }
  }
  for (const key of ['any', 'none'] as const) {
    for (const studio of f.studios?.[key] ?? []) {
      pieces.push({ label: key === 'none' ? `not by ${studio}` : studio, remove: (x) => drop(x, 'studios', { ...x.studios, [key]: without(x.studios?.[key], studio) }) });
    }
  }
  if (f.episodes) pieces.push({ label: rangeLabel(f.episodes, ' ep'), remove: (x) => drop(x, 'episodes', undefined) });
  if (f.score) pieces.push({ label: `score ${rangeLabel(f.score)}`, remove: (x) => drop(x, 'score', undefined) });
  for (const p of f.platforms ?? []) pieces.push({ label: `on ${p}`, remove: (x) => drop(x, 'platforms', without(x.platforms, p)) });
  if (f.relatedTo) pieces.push({ label: `related to ${f.relatedTo}`, remove: (x) => drop(x, 'relatedTo', undefined) });
  return pieces;
}
