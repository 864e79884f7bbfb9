import type { Platform, QueryPlan, SearchFilters } from '@anime/contracts';

/** A calendar date (no time, no zone). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** What every extractor may know besides the query. */
export interface PlannerContext {
  /** IANA zone the user lives in (validated). */
  timezone: string;
  /** Today in that zone. */
  today: CalendarDate;
  /** Day of week of `today`, 0 = Sunday. */
  weekday: number;
  /** Items of the previous answer in the session; undefined when there is none. */
  previousCount: number | undefined;
}

/** An inclusive numeric range; either end may be open. */
export interface Range {
  min?: number;
  max?: number;
}

/** The contract's enums (derived, so they cannot drift), minus the values a user never asks for. */
export type AnimeType = Exclude<NonNullable<SearchFilters['types']>[number], 'UNKNOWN'>;
export type Season = Exclude<NonNullable<SearchFilters['seasons']>[number], 'UNDEFINED'>;
export type Status = Exclude<NonNullable<SearchFilters['statuses']>[number], 'UNKNOWN'>;
export type Field = QueryPlan['fields'][number];
export type Sort = NonNullable<QueryPlan['sort']>;
/** `'last'` is resolved against the previous answer when the plan is built. */
export type Ordinal = number | 'last';

/**
 * The plan being assembled by the extractors. Ranges intersect ("after 2010" and "before 2015"
 * → 2011–2014); tags remember whether a "none" was said or only implied by a mood, because a
 * tag the user explicitly wants beats one a mood merely avoids.
 */
export class PlanDraft {
  ref?: string;
  /** Set when a reference was recognised but is dubious (a link to a non-anime page, an id without platform). */
  refProblem?: { question: string; alternatives: string[] };
  ordinal?: Ordinal;
  similarTo?: { text?: string; ordinal?: Ordinal };
  scheduleRange?: { from: number; to: number; label: string };
  /** A schedule word ("airs", "schedule") without a day. */
  scheduleAsked = false;
  /** "dubbed" / "subbed" / "raw" next to schedule words. */
  airType?: 'raw' | 'sub' | 'dub';
  /** "the next episode of X": the schedule of one show, its first episode to come. */
  nextEpisode = false;
  readonly streaming = new Set<string>();
  compare?: { platforms: Platform[]; metric: 'rating' | 'popularity' | 'episodes' };
  stats = false;
  readonly fields = new Set<Field>();
  readonly sources = new Set<Platform>();
  readonly moods: string[] = [];
  readonly excludeTitles: string[] = [];
  years?: Range;
  seasonYears?: Range;
  readonly seasons = new Set<Season>();
  readonly types = new Set<AnimeType>();
  readonly excludedTypes = new Set<AnimeType>();
  readonly statuses = new Set<Status>();
  readonly tagsAll = new Set<string>();
  readonly tagsAny = new Set<string>();
  readonly tagsNoneExplicit = new Set<string>();
  readonly tagsNoneImplied = new Set<string>();
  readonly studiosAny = new Set<string>();
  readonly studiosNone = new Set<string>();
  episodes?: Range;
  durationMinutes?: Range;
  score?: Range;
  sort?: Sort;
  /** "a short series" / "something long": applied to episodes or, for movies, to minutes. */
  length?: 'short' | 'long';
  /** "top 5": sort by score when no title is given. */
  topN = false;
  limit?: number;
  readonly understood: string[] = [];
  /** Reasons to be less sure, each with how much. */
  readonly doubts: Array<{ why: string; penalty: number }> = [];

  /** Adds a human-readable piece, once. */
  note(label: string): void {
    if (!this.understood.includes(label)) this.understood.push(label);
  }

  doubt(why: string, penalty: number): void {
    this.doubts.push({ why, penalty });
  }

  /** Narrows the year range (a conflict keeps the newer statement and is noted). */
  narrowYears(range: Range, label: string): void {
    this.years = this.narrow(this.years, range, 'years');
    this.note(label);
  }

  narrowEpisodes(range: Range, label: string): void {
    this.episodes = this.narrow(this.episodes, range, 'episodes');
    this.note(label);
  }

  narrowDuration(range: Range, label: string): void {
    this.durationMinutes = this.narrow(this.durationMinutes, range, 'duration');
    this.note(label);
  }

  narrowScore(range: Range, label: string): void {
    this.score = this.narrow(this.score, range, 'score');
    this.note(label);
  }

  /** Season mentions are alternatives ("fall 2025 or winter 2026"): their years add up. */
  addSeason(season: Season, year: number, label: string): void {
    this.seasons.add(season);
    this.seasonYears = {
      min: Math.min(this.seasonYears?.min ?? year, year),
      max: Math.max(this.seasonYears?.max ?? year, year),
    };
    this.note(label);
  }

  /** A season without a year ("summer anime"): any year. */
  addSeasonOnly(season: Season, label: string): void {
    this.seasons.add(season);
    this.note(label);
  }

  /** Adds a recognised mood: its tags go into the filters. */
  addMood(key: string, tags: { any?: readonly string[]; all?: readonly string[]; none?: readonly string[] }): void {
    if (!this.moods.includes(key)) this.moods.push(key);
    tags.all?.forEach((t) => this.tagsAll.add(t));
    tags.any?.forEach((t) => this.tagsAny.add(t));
    tags.none?.forEach((t) => this.tagsNoneImplied.add(t));
    this.note(key);
  }

  excludeTags(tags: readonly string[], label: string): void {
    tags.forEach((t) => this.tagsNoneExplicit.add(t));
    this.note(label);
  }

  private narrow(current: Range | undefined, next: Range, what: string): Range {
    const merged: Range = {
      min: maxOf(current?.min, next.min),
      max: minOf(current?.max, next.max),
    };
    if (merged.min !== undefined && merged.max !== undefined && merged.min > merged.max) {
      this.doubt(`conflicting ${what}`, 0.15);
      this.note(`conflicting ${what}: kept the last one`);
      return { ...next };
    }
    return merged;
  }
}

const maxOf = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const minOf = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/** "2008–2012", "2011+", "≤ 2004", "2019". */
export function rangeLabel(range: Range, unit = ''): string {
  const suffix = unit ? ` ${unit}` : '';
  if (range.min !== undefined && range.max !== undefined) {
    return range.min === range.max ? `${range.min}${suffix}` : `${range.min}–${range.max}${suffix}`;
  }
  if (range.min !== undefined) return `≥ ${range.min}${suffix}`;
  if (range.max !== undefined) return `≤ ${range.max}${suffix}`;
  return `any${suffix}`;
}
