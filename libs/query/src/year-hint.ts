import { PlanDraft, rangeLabel, type PlannerContext } from './plan-draft';
import { QueryText } from './query-text';
import { extractTime, weekdayOf, zonedDate } from './time-expressions';

/** A rough time a person remembers ("2010ish", "early 2000s", "around 2015", "the 90s"). */
export interface YearHint {
  min?: number;
  max?: number;
  /** How it was read ("2008–2012"). */
  label: string;
}

/**
 * Finds a time expression in free text (a remembered plot) with the planner's own time rules, and
 * returns it with the text left without it. A bare year ("aired 2012 maybe") counts too. Meant
 * as a soft preference (plot search boosts, never filters, on it): memories of years are rough.
 */
export function extractYearHint(text: string, now: Date): { hint?: YearHint; rest: string } {
  const today = zonedDate(now, 'UTC');
  const ctx: PlannerContext = { timezone: 'UTC', today, weekday: weekdayOf(today), previousCount: undefined };
  const draft = new PlanDraft();
  const q = new QueryText(text);
  extractTime(q, draft, ctx);
  let range = draft.years ?? draft.seasonYears;
  let rest = q.restore(q.segments().join(' '));
  if (!range) {
    const bare = /(?<![\p{L}\p{N}])((?:19[6-9]|20[0-3])\d)(?![\p{L}\p{N}])/u.exec(rest);
    const year = bare ? Number(bare[1]) : undefined;
    if (bare && year !== undefined && year <= today.year + 2) {
      range = { min: year, max: year };
      rest = `${rest.slice(0, bare.index)} ${rest.slice(bare.index + bare[0].length)}`;
    }
  }
  rest = rest.replace(/\s+/gu, ' ').trim();
  if (!range || (range.min === undefined && range.max === undefined)) return { rest };
  return { hint: { ...(range.min !== undefined ? { min: range.min } : {}), ...(range.max !== undefined ? { max: range.max } : {}), label: rangeLabel(range) }, rest };
}
