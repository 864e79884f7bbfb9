import { QueryPlanSchema, type QueryPlan, type SearchFilters } from '@anime/contracts';
import { ANIME_NOUNS, DESCRIPTOR_LEADS, isAllGap, isPronoun, stripFiller } from './filler-words';
import { addField, extractCompare, extractFields, extractScheduleWords, extractSources, extractStats, extractStudios, extractTypes } from './intent-expressions';
import { ADJECTIVE_MOODS, AMBIGUOUS_MOOD_WORDS, MOOD_ALIASES, MOOD_TAGS, moodKeyOf, SHAPE_DESCRIPTORS, shapeOf } from './mood-tags';
import { readMemoryQuestion, type MemoryQuestion } from './memory-expressions';
import { extractCountAndSort, extractEpisodesAndDuration, extractScore, extractStatus } from './number-expressions';
import { PlanDraft, rangeLabel, type AnimeType, type Ordinal, type PlannerContext, type Range } from './plan-draft';
import { alternation, bare, BOUNDARY, L, NOUN_BOUNDARY, QueryText, R, regex, tokens } from './query-text';
import { extractExclusions, extractReferences, extractSimilarityAndOrdinals } from './reference-expressions';
import { extractReleaseKind } from './schedule-expressions';
import { applyAgeDescriptor, bareYear, defaultScheduleRange, extractScheduleDays, extractTime, isValidTimeZone, weekdayOf, zonedDate } from './time-expressions';

/** What the planner knows besides the words. */
export interface PlannerOptions {
  /** The current instant: every relative time ("this season", "tomorrow") is computed from it. */
  now: Date;
  /** IANA time zone of the user (default 'UTC'); days and seasons are the user's. */
  timezone?: string;
  /** The last answer in the session, for follow-ups ("the second one", "more like that"). */
  previous?: { items: Array<{ id: string; title: string }> };
}

const ALL_TYPES: readonly AnimeType[] = ['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL'];

/**
 * Turns a natural-language anime question into a {@link QueryPlan}, deterministically: the same
 * query, options and clock give the same plan. Recognised phrases (ids, links, time, counts,
 * scores, platforms, studios, types, moods, exclusions, similarity, follow-ups) become plan
 * fields and are cut out; what is left is the title. A memory question ("I remember an anime
 * where…") becomes a `plot` plan instead. Every plan passes `QueryPlanSchema`.
 */
export function planQuery(query: string, options: PlannerOptions): QueryPlan {
  // A remembered story goes to the plot search whole: its words are not titles or filters, and
  // a year in it is a rough memory (a soft preference), not the hard filter the time rules give.
  const memory = readMemoryQuestion(query, options.now);
  if (memory) return plotPlan(memory);
  const draft = new PlanDraft();
  const ctx = contextOf(options, draft);
  const normalized = normalize(query, draft);
  const q = new QueryText(normalized);

  extractReferences(q, draft);
  extractStats(q, draft);
  extractCompare(q, draft);
  extractReleaseKind(q, draft);
  extractScheduleDays(q, draft, ctx);
  extractTime(q, draft, ctx);
  extractEpisodesAndDuration(q, draft);
  extractCountAndSort(q, draft);
  extractScore(q, draft);
  extractStatus(q, draft);
  extractFields(q, draft);
  extractScheduleWords(q, draft);
  extractSources(q, draft);
  extractStudios(q, draft);
  extractExclusions(q, draft);
  extractTypes(q, draft);
  extractSimilarityAndOrdinals(q, draft, ctx);
  const moods = extractMoods(q, draft, ctx);

  const text = leftoverText(q, draft, ctx);
  const plan = buildPlan(draft, ctx, text, moods, options);
  const parsed = QueryPlanSchema.safeParse(plan);
  if (parsed.success) return parsed.data;
  // A plan the contract refuses is a planner bug; fall back to a plain title search rather than fail the user.
  return QueryPlanSchema.parse({
    intent: 'search',
    text: query.trim().slice(0, 300) || undefined,
    filters: {},
    confidence: 0.3,
    understood: ['could not structure the question: searching the words as a title'],
  });
}

function plotPlan(memory: MemoryQuestion): QueryPlan {
  return QueryPlanSchema.parse({
    intent: 'plot',
    text: memory.description.slice(0, 1000),
    filters: {},
    ...(memory.yearHint ? { yearHint: memory.yearHint } : {}),
    confidence: 0.85,
    understood: [`remembered plot ("${memory.lead}…")`, ...(memory.yearHint ? [`roughly ${memory.yearHint.label} (a preference, not a filter)`] : [])],
  });
}

function contextOf(options: PlannerOptions, draft: PlanDraft): PlannerContext {
  let timezone = options.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone)) {
    draft.note(`unknown time zone "${timezone}": used UTC`);
    draft.doubt('unknown time zone', 0.05);
    timezone = 'UTC';
  }
  const today = zonedDate(options.now, timezone);
  return { timezone, today, weekday: weekdayOf(today), previousCount: options.previous?.items.length };
}

/** Typographic quotes, spacing, trailing question marks; "what is X about" asks for the synopsis. */
function normalize(query: string, draft: PlanDraft): string {
  let text = query
    .replace(/[“”„«»]/gu, '"')
    .replace(/[‘’]/gu, "'")
    .replace(/[？]/gu, '?')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[\s?。.]+$/u, '')
    .replace(/^[\s?]+/u, '');
  const about = /^(.*?)(?<![\p{L}\p{N}])(?:so\s+)?what(?:'s|s|\s+is|\s+was)\s+(.+?)\s+about$/iu.exec(text);
  if (about && !/^(?:this|it|that)$/iu.test(about[2] ?? '')) {
    addField(draft, 'synopsis');
    text = `${about[1] ?? ''} ${about[2] ?? ''}`.trim();
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Moods: a mood word counts only where it reads as a descriptor.

const DESCRIPTOR_WORDS = alternation([...Object.keys(MOOD_ALIASES), ...Object.keys(SHAPE_DESCRIPTORS)]);

interface MoodResult {
  /** The query was a single adjective mood and nothing else ("dark"): a title or a mood? */
  bare?: string;
}

/**
 * A mood word is a descriptor when the words between it and the neighbouring recognised phrases
 * (or the query's ends) are all fillers, leads or anime nouns: "something dark", "dark
 * psychological anime", "horror ⟨from the 80s⟩". "Dark Gathering" and "Afro Samurai" stay titles
 * because a title word sits next to the mood word.
 */
function extractMoods(q: QueryText, draft: PlanDraft, ctx: PlannerContext): MoodResult {
  const pattern = regex(`${L}(${DESCRIPTOR_WORDS})${R}`, 'giu');
  const text = q.text;
  const untouched = q.segments().length === 1 && draft.understood.length === 0;
  const matches = [...text.matchAll(pattern)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, word: m[1] ?? '' }));
  const accepted = new Set<number>();
  const gaps: string[] = [];
  matches.forEach((m, i) => {
    const segmentStart = Math.max(text.lastIndexOf(BOUNDARY, m.start), text.lastIndexOf(NOUN_BOUNDARY, m.start)) + 1;
    const nextMarker = [text.indexOf(BOUNDARY, m.end), text.indexOf(NOUN_BOUNDARY, m.end)].filter((x) => x >= 0);
    const segmentEnd = nextMarker.length > 0 ? Math.min(...nextMarker) : text.length;
    const prev = matches[i - 1];
    const next = matches[i + 1];
    const left = text.slice(Math.max(segmentStart, prev && prev.end <= m.start ? prev.end : segmentStart), m.start);
    const right = text.slice(m.end, Math.min(segmentEnd, next ? next.start : segmentEnd));
    if (isAllGap(left) && isAllGap(right)) {
      accepted.add(m.start);
      gaps.push(left, right);
    }
  });
  if (accepted.size === 0) return {};

  const read: string[] = [];
  q.consume(pattern, (m) => {
    if (!accepted.has(m.index)) return false;
    const written = m[1] ?? '';
    const key = moodKeyOf(written);
    const mood = key ? MOOD_TAGS[key] : undefined;
    if (key && mood) {
      draft.addMood(key, mood);
      read.push(key);
      return true;
    }
    const shape = shapeOf(written);
    // Length waits for the types: a "short movie" is about minutes, a "short series" about episodes.
    if (shape === 'short' || shape === 'long') draft.length = shape;
    else if (shape) applyAgeDescriptor(shape, draft, ctx);
    else return false;
    read.push(shape);
    return true;
  });

  const context = gaps.flatMap(tokens).map(bare).some((w) => ANIME_NOUNS.has(w) || DESCRIPTOR_LEADS.has(w));
  const only = read.length === 1 && q.segments().every(isAllGap) ? read[0] : undefined;
  const written = matches.find((m) => accepted.has(m.start))?.word ?? '';
  if (untouched && !context && only !== undefined && AMBIGUOUS_MOOD_WORDS.has(written.toLowerCase())) {
    return { bare: written };
  }
  if (untouched && !context && read.length > 0) draft.doubt('moods without a noun', 0.05);
  return {};
}

// ---------------------------------------------------------------------------------------------
// The title left over.

interface Leftover {
  text?: string;
  /** "it", "that one": the previous answer. */
  pronoun: boolean;
}

function leftoverText(q: QueryText, draft: PlanDraft, ctx: PlannerContext): Leftover {
  const segments = q.segments();
  const signals = segments.length > 1 || draft.understood.length > 0;
  const pieces = segments
    // Around recognised phrases, a piece of only filler ("what should I", "with great") is no title.
    .map((segment, i) => (signals && isAllGap(segment) && !/(?:19|20)\d\d/u.test(segment) ? '' : stripFiller(segment, i === 0, signals)))
    .filter((p) => p.length > 0);
  const text = q.restore(pieces.join(' ')).replace(/\s+/gu, ' ').trim();
  if (!text) return { pronoun: false };
  if (isPronoun(text)) return { pronoun: true };
  const year = bareYear(text, ctx);
  if (year !== undefined) {
    draft.narrowYears({ min: year, max: year }, String(year));
    if (draft.understood.length === 1) draft.doubt('a year alone may be a title', 0.2);
    return { pronoun: false };
  }
  return { text: text.slice(0, 300), pronoun: false };
}

// ---------------------------------------------------------------------------------------------
// Assembly.

function buildPlan(draft: PlanDraft, ctx: PlannerContext, leftover: Leftover, moods: MoodResult, options: PlannerOptions): QueryPlan {
  const previousTitles = options.previous?.items.map((i) => i.title) ?? [];
  let clarification: QueryPlan['clarification'];
  const clarify = (question: string, alternatives: string[], penalty: number): void => {
    clarification ??= { question, alternatives };
    draft.doubt(question, penalty);
  };
  const resolve = (ordinal: Ordinal | undefined): number | undefined => {
    if (ordinal === undefined) return undefined;
    if (ctx.previousCount === undefined || ctx.previousCount === 0) {
      clarify(`There is no previous answer to pick "${ordinal === 'last' ? 'the last one' : `#${ordinal}`}" from. Which anime do you mean?`, [], 0.5);
      return ordinal === 'last' ? undefined : ordinal;
    }
    const n = ordinal === 'last' ? ctx.previousCount : ordinal;
    if (n > ctx.previousCount) {
      clarify(`The previous answer has only ${ctx.previousCount} item${ctx.previousCount === 1 ? '' : 's'}. Which one do you mean?`, previousTitles.slice(0, 10), 0.45);
    }
    return n;
  };

  const text = leftover.text;
  let ordinal = resolve(draft.ordinal);
  const similarTo = draft.similarTo
    ? { ...(draft.similarTo.text ? { text: draft.similarTo.text } : {}), ...(draft.similarTo.ordinal !== undefined ? { ordinal: resolve(draft.similarTo.ordinal) } : {}) }
    : undefined;
  if (similarTo && similarTo.ordinal === undefined) delete similarTo.ordinal;

  // "it", "that one", or a field asked with no anime named: the previous answer's (first) item.
  const needsTarget = !text && !draft.ref && draft.ordinal === undefined && !similarTo && (leftover.pronoun || (draft.fields.size > 0 && !draft.compare && !draft.stats));
  if (needsTarget) {
    if (ctx.previousCount !== undefined && ctx.previousCount > 0) {
      ordinal = 1;
      draft.note('the previous answer');
      if (ctx.previousCount > 1) draft.doubt('"it" with several previous items', 0.1);
    } else if (draft.fields.size > 0 || leftover.pronoun) {
      clarify('Which anime do you mean?', [], 0.55);
    }
  }

  // Types: "no movies" removes from what was asked (or from all types).
  let types = [...draft.types];
  if (draft.excludedTypes.size > 0) {
    const base = types.length > 0 ? types : [...ALL_TYPES];
    const kept = base.filter((t) => !draft.excludedTypes.has(t));
    if (kept.length > 0) types = kept;
  }
  const moviesOnly = types.length > 0 && types.every((t) => t === 'MOVIE');
  if (draft.length === 'short' && moviesOnly) draft.narrowDuration({ max: 40 }, 'short (≤ 40 min)');
  else if (draft.length === 'long' && moviesOnly) draft.narrowDuration({ min: 120 }, 'long (≥ 120 min)');
  else if (draft.length === 'short') draft.narrowEpisodes({ max: 13 }, 'short (≤ 13 episodes)');
  else if (draft.length === 'long') draft.narrowEpisodes({ min: 50 }, 'long (≥ 50 episodes)');

  // Schedule: a day, or schedule words without a season/year ("what airs on Crunchyroll").
  const seasonal = draft.seasons.size > 0 || draft.years !== undefined;
  const range = draft.scheduleRange ?? (draft.scheduleAsked && !seasonal && !draft.stats && !draft.compare && (!draft.fields.has('airing') || draft.nextEpisode) ? defaultScheduleRange(ctx) : undefined);
  if (range) draft.note(range.label);
  if (!range && draft.streaming.size > 0) {
    addField(draft, 'streaming');
    draft.note(`streaming on ${[...draft.streaming].join(', ')}`);
  }

  const filters = filtersOf(draft, types);
  const intent: QueryPlan['intent'] = draft.compare
    ? 'compare'
    : draft.stats
      ? 'stats'
      : range
        ? 'schedule'
        : similarTo
          ? 'similar'
          : ordinal !== undefined || draft.ordinal !== undefined || (draft.fields.size > 0 && (text !== undefined || draft.ref !== undefined))
            ? 'details'
            : draft.ref
              ? 'lookup'
              : 'search';

  if (draft.refProblem) clarify(draft.refProblem.question, draft.refProblem.alternatives, 0.5);
  if (text) {
    draft.understood.unshift(`title: "${text}"`);
    assessTitle(text, draft, filters);
  }
  if (moods.bare) {
    clarify(`Did you mean the title "${moods.bare}" or anime with a ${moods.bare} mood?`, [`the title "${moods.bare}"`, `anime with a ${moods.bare} mood`], 0.45);
  }
  const sort = draft.sort ?? (draft.topN && intent === 'search' && !text ? 'score' : undefined);
  const somethingUnderstood = text || draft.ref || ordinal !== undefined || similarTo || draft.understood.length > 0;
  if (!somethingUnderstood) {
    clarify('What are you looking for? Try a title, an id or link, a genre or mood, a year or season.', [], 0.75);
  }

  let confidence = 0.95 - draft.doubts.reduce((sum, d) => sum + d.penalty, 0);
  confidence = Math.round(Math.min(1, Math.max(0.05, confidence)) * 100) / 100;
  if (confidence < 0.6 && !clarification) {
    clarification = { question: 'Could you say which anime, or what kind of anime, you mean?', alternatives: [] };
  }

  return {
    intent,
    ...(text ? { text } : {}),
    ...(draft.ref ? { ref: draft.ref } : {}),
    ...(ordinal !== undefined ? { ordinal } : {}),
    filters,
    excludeTitles: [...draft.excludeTitles],
    ...(sort ? { sort } : {}),
    ...(draft.limit !== undefined ? { limit: draft.limit } : {}),
    sources: draft.compare ? [] : [...draft.sources],
    fields: [...draft.fields],
    ...(similarTo ? { similarTo } : {}),
    ...(range
      ? {
          schedule: {
            from: new Date(range.from).toISOString(),
            to: new Date(range.to).toISOString(),
            platforms: [...draft.streaming],
            ...(draft.airType ? { airType: draft.airType } : {}),
            ...(draft.nextEpisode ? { next: true } : {}),
          },
        }
      : {}),
    ...(draft.compare ? { compare: draft.compare } : {}),
    moods: [...draft.moods],
    confidence,
    ...(clarification ? { clarification } : {}),
    understood: [...draft.understood],
  };
}

/** Lowers confidence for leftovers that are weak titles ("a", "xx", a mood word that was not used as one). */
function assessTitle(text: string, draft: PlanDraft, filters: SearchFilters): void {
  const words = tokens(text);
  const letters = text.replace(/[^\p{L}\p{N}]/gu, '');
  const alone = draft.understood.length === 1 && Object.keys(filters).length === 0;
  if (letters.length <= 2) {
    draft.doubt('very short title', alone ? 0.25 : 0.35);
    return;
  }
  if (words.length === 1 && letters.length <= 3) draft.doubt('short title', 0.15);
  if (alone && words.some((w) => ADJECTIVE_MOODS.has(moodKeyOf(bare(w)) ?? '') || shapeOf(bare(w)) !== undefined)) {
    // "Dark Gathering", "Happy Sugar Life": a title, but one that reads partly as a mood.
    draft.doubt('title with a mood word', 0.1);
  }
}

function filtersOf(draft: PlanDraft, types: AnimeType[]): SearchFilters {
  const filters: SearchFilters = {};
  const years = yearsOf(draft);
  if (years) filters.years = years;
  if (draft.seasons.size > 0) filters.seasons = [...draft.seasons];
  if (types.length > 0) filters.types = types;
  if (draft.statuses.size > 0) filters.statuses = [...draft.statuses];

  const none = new Set(draft.tagsNoneExplicit);
  const all = [...draft.tagsAll].filter((t) => !none.has(t));
  const any = [...draft.tagsAny].filter((t) => !none.has(t));
  // A tag a mood merely avoids ("cozy" → no horror) loses to one the user asked for ("scary").
  for (const t of draft.tagsNoneImplied) if (!all.includes(t) && !any.includes(t)) none.add(t);
  if (all.length + any.length + none.size > 0) {
    filters.tags = {
      ...(all.length > 0 ? { all: all.slice(0, 50) } : {}),
      ...(any.length > 0 ? { any: any.slice(0, 50) } : {}),
      ...(none.size > 0 ? { none: [...none].slice(0, 50) } : {}),
    };
  }
  if (draft.studiosAny.size + draft.studiosNone.size > 0) {
    filters.studios = {
      ...(draft.studiosAny.size > 0 ? { any: [...draft.studiosAny].slice(0, 50) } : {}),
      ...(draft.studiosNone.size > 0 ? { none: [...draft.studiosNone].slice(0, 50) } : {}),
    };
  }
  if (draft.episodes) filters.episodes = ordered(draft.episodes);
  if (draft.durationMinutes) filters.durationMinutes = ordered(draft.durationMinutes);
  if (draft.score) filters.score = ordered(clampScore(draft.score));
  return filters;
}

function yearsOf(draft: PlanDraft): Range | undefined {
  const { years, seasonYears } = draft;
  if (!seasonYears) return years ? ordered(years) : undefined;
  if (!years) return seasonYears;
  const min = Math.max(years.min ?? seasonYears.min ?? 1900, seasonYears.min ?? 1900);
  const max = Math.min(years.max ?? seasonYears.max ?? 2100, seasonYears.max ?? 2100);
  if (min > max) {
    draft.note(`conflicting years: kept ${rangeLabel(seasonYears)}`);
    return seasonYears;
  }
  return { min, max };
}

const clampScore = (r: Range): Range => ({
  ...(r.min !== undefined ? { min: Math.min(10, Math.max(0, r.min)) } : {}),
  ...(r.max !== undefined ? { max: Math.min(10, Math.max(0, r.max)) } : {}),
});

/** Drops empty ends and keeps min ≤ max (the contract refuses the other order). */
function ordered(r: Range): Range {
  const out: Range = {};
  if (r.min !== undefined) out.min = r.min;
  if (r.max !== undefined) out.max = r.max;
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) return { min: out.max, max: out.min };
  return out;
}
