import { rangeLabel, type CalendarDate, type PlanDraft, type PlannerContext, type Season } from './plan-draft';
import { alternation, L, R, regex, words, type QueryText } from './query-text';

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic in a time zone (Intl only: no date library, no Date.now()).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(instant: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** Offset of the zone from UTC at an instant, in ms (Tokyo: +9 h). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The calendar date of an instant in a zone. */
export function zonedDate(instant: Date, timeZone: string): CalendarDate {
  const w = wallClock(instant.getTime(), timeZone);
  return { year: w.year, month: w.month, day: w.day };
}

/** The instant a calendar day starts in a zone (two passes settle DST changes). */
export function startOfDay(date: CalendarDate, timeZone: string): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** The calendar date `days` later (or earlier). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday. */
export function weekdayOf(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** Winter = Jan–Mar, Spring = Apr–Jun, Summer = Jul–Sep, Fall = Oct–Dec. */
export function seasonOfMonth(month: number): Season {
  return SEASONS[Math.floor((month - 1) / 3)] ?? 'WINTER';
}

const SEASONS: readonly Season[] = ['WINTER', 'SPRING', 'SUMMER', 'FALL'];
const SEASON_NAMES: Readonly<Record<string, Season>> = { winter: 'WINTER', spring: 'SPRING', summer: 'SUMMER', fall: 'FALL', autumn: 'FALL' };
const seasonIndex = (season: Season, year: number): number => year * 4 + SEASONS.indexOf(season);
const seasonAt = (index: number): { season: Season; year: number } => ({
  season: SEASONS[((index % 4) + 4) % 4] ?? 'WINTER',
  year: Math.floor(index / 4),
});
const title = (season: Season): string => season.charAt(0) + season.slice(1).toLowerCase();
const iso = (d: CalendarDate): string => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// Numbers written as words.

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, 'a dozen': 12, dozen: 12, 'a couple of': 3,
  'a few': 5, few: 5, 'a handful of': 5, 'a handful': 5, several: 7,
};

/** Pattern source for a small count written in digits or words. */
export const COUNT = `(\\d{1,3}|${alternation(Object.keys(NUMBER_WORDS).filter((w) => w !== 'a' && w !== 'an'))})`;

/** "5", "five", "a dozen" → 5, 5, 12. */
export function parseCount(written: string): number | undefined {
  const key = written.toLowerCase().replace(/\s+/gu, ' ').trim();
  if (/^\d+$/u.test(key)) return Number(key);
  return NUMBER_WORDS[key];
}

// ---------------------------------------------------------------------------------------------
// Schedule days: "today", "tomorrow", "on friday", "this weekend", "next week", "2026-12-01".

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const WEEKDAY = `(${WEEKDAYS.join('|')})s?`;

/** "Friday's lineup", "today's schedule": a possessive day is a schedule day only before these words. */
const LINEUP = "['’]s\\s+(?:line-?ups?|schedule|episodes|releases|simulcasts|anime)";

function weekdayNumber(written: string): number {
  return WEEKDAYS.findIndex((d) => written.toLowerCase().startsWith(d));
}

/** Finds the days a schedule question is about; a day expression makes the intent `schedule`. */
export function extractScheduleDays(q: QueryText, draft: PlanDraft, ctx: PlannerContext): void {
  const today = ctx.today;
  const days: Array<{ first: CalendarDate; last: CalendarDate; label: string }> = [];
  const add = (first: CalendarDate, last: CalendarDate, label: string): boolean => {
    days.push({ first, last, label });
    return true;
  };
  const PRE = '(?:(?:on|for|of|from|this\\s+coming|coming|this|airing|air|airs)\\s+)?';

  q.consume(words(`${PRE}(?:today|tonight|this\\s+evening)(?:${LINEUP})?(?!['’]s)`), () => add(today, today, 'today'));
  q.consume(words(`${PRE}(?:tomorrow|tmrw|tmr)(?:${LINEUP})?(?!['’]s)`), () => add(addDays(today, 1), addDays(today, 1), 'tomorrow'));
  q.consume(words(`${PRE}yesterday(?!['’]s)`), () => add(addDays(today, -1), addDays(today, -1), 'yesterday'));
  // Saturday of the weekend "this weekend" means (yesterday, on a Sunday).
  const thisSaturday = ctx.weekday === 0 ? addDays(today, -1) : addDays(today, (6 - ctx.weekday + 7) % 7);
  q.consume(words(`(?:on|for|during|over)?\\s*next\\s+weekend`), () => {
    const first = addDays(thisSaturday, 7);
    return add(first, addDays(first, 1), 'next weekend');
  });
  q.consume(words(`(?:on|for|during|over)?\\s*(?:this|the|this\\s+coming|coming)\\s+weekend|weekend`), () =>
    // On a Sunday "this weekend" is what is left of it: today.
    add(ctx.weekday === 0 ? today : thisSaturday, addDays(thisSaturday, 1), 'this weekend'),
  );
  q.consume(words(`(?:the\\s+)?(?:next|coming|upcoming|following)\\s+(\\d{1,2}|two|three|four|five|six|seven|ten|fourteen)\\s+days`), (m) => {
    const n = Math.min(parseCount(m[1] ?? '') ?? 7, 31);
    return add(today, addDays(today, n - 1), `next ${n} days`);
  });
  q.consume(words(`(?:the\\s+)?(?:coming|upcoming)\\s+week`), () => add(today, addDays(today, 6), 'the coming 7 days'));
  q.consume(words(`(?:during\\s+|for\\s+)?(?:this|the\\s+current)\\s+week`), () => {
    const monday = addDays(today, -((ctx.weekday + 6) % 7));
    return add(today, addDays(monday, 6), 'this week');
  });
  q.consume(words(`(?:during\\s+|for\\s+)?next\\s+week`), () => {
    const monday = addDays(today, 7 - ((ctx.weekday + 6) % 7));
    return add(monday, addDays(monday, 6), 'next week');
  });
  q.consume(words(`(?:(?:on|for|this|coming|this\\s+coming)\\s+)?(next\\s+)?${WEEKDAY}(?:${LINEUP})?(?!['’])`), (m) => {
    const target = weekdayNumber(m[2] ?? '');
    if (target < 0) return false;
    let ahead = (target - ctx.weekday + 7) % 7;
    // "next friday" on a Friday is a week away; plain "friday" on a Friday is today.
    if (m[1] && ahead === 0) ahead = 7;
    const day = addDays(today, ahead);
    return add(day, day, `${WEEKDAYS[target]} ${iso(day)}`);
  });
  q.consume(regex(`${L}(?:on\\s+|for\\s+)?(\\d{4})-(\\d{2})-(\\d{2})${R}`, 'giu'), (m) => {
    const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    const check = addDays(date, 0);
    if (check.month !== date.month || check.day !== date.day) return false;
    return add(date, date, iso(date));
  });

  if (days.length === 0) return;
  const first = days.reduce((a, b) => (iso(b.first) < iso(a) ? b.first : a), days[0]?.first ?? today);
  const last = days.reduce((a, b) => (iso(b.last) > iso(a) ? b.last : a), days[0]?.last ?? today);
  const from = startOfDay(first, ctx.timezone);
  const to = startOfDay(addDays(last, 1), ctx.timezone) - 1;
  const label = `schedule: ${days.map((d) => d.label).join(', ')} (${iso(first)}${iso(first) === iso(last) ? '' : ` to ${iso(last)}`}, ${ctx.timezone})`;
  draft.scheduleRange = { from, to, label };
}

/** A schedule question without a day ("what airs on Crunchyroll") covers the coming week. */
export function defaultScheduleRange(ctx: PlannerContext): { from: number; to: number; label: string } {
  const last = addDays(ctx.today, 6);
  return {
    from: startOfDay(ctx.today, ctx.timezone),
    to: startOfDay(addDays(last, 1), ctx.timezone) - 1,
    label: `schedule: the coming 7 days (${iso(ctx.today)} to ${iso(last)}, ${ctx.timezone})`,
  };
}

// ---------------------------------------------------------------------------------------------
// Years, decades and seasons.

const YEAR = '((?:19|20)\\d{2})';
/** A year in digits, or abbreviated with an apostrophe ('98). */
const YEAR_OR_SHORT = `(?:${YEAR}|['’](\\d{2}))`;

function shortYear(two: string, ctx: PlannerContext): number {
  const n = Number(two);
  // '98 is 1998, '24 is 2024: two digits up to a few years ahead are this century.
  return n <= (ctx.today.year % 100) + 5 ? 2000 + n : 1900 + n;
}

const yearOf = (full: string | undefined, short: string | undefined, ctx: PlannerContext): number =>
  full ? Number(full) : shortYear(short ?? '0', ctx);

const DECADE_WORDS: Readonly<Record<string, number>> = { sixties: 1960, seventies: 1970, eighties: 1980, nineties: 1990 };

/** Finds years, decades and seasons of first release. */
export function extractTime(q: QueryText, draft: PlanDraft, ctx: PlannerContext): void {
  const year = ctx.today.year;
  const current = seasonIndex(seasonOfMonth(ctx.today.month), year);
  const span = (min: number | undefined, max: number | undefined): { min?: number; max?: number } => ({
    // The contract's year range is 1900–2100; "before 1900" is clamped to its edge.
    ...(min !== undefined ? { min: Math.min(2100, Math.max(1900, min)) } : {}),
    ...(max !== undefined ? { max: Math.min(2100, Math.max(1900, max)) } : {}),
  });
  const years = (min: number | undefined, max: number | undefined): boolean => {
    const range = span(min, max);
    draft.narrowYears(range, rangeLabel(range));
    return true;
  };

  // Seasons first: "spring 2024" must not be read as the year alone.
  const SEASON = '(spring|summer|fall|autumn|winter)';
  q.consume(words(`(?:the\\s+)?(this|current|last|previous|past|next|upcoming|coming)\\s+season(?!\\s+\\d)`), (m) => {
    const which = (m[1] ?? '').toLowerCase();
    const index = which === 'this' || which === 'current' ? current : ['last', 'previous', 'past'].includes(which) ? current - 1 : current + 1;
    const s = seasonAt(index);
    draft.addSeason(s.season, s.year, `${title(s.season)} ${s.year}`);
    return true;
  });
  q.consume(words(`(?:the\\s+)?${SEASON}\\s+(?:of\\s+|season\\s+(?:of\\s+)?)?${YEAR_OR_SHORT}`), (m) => {
    const season = SEASON_NAMES[(m[1] ?? '').toLowerCase()] ?? 'WINTER';
    const y = yearOf(m[2], m[3], ctx);
    draft.addSeason(season, y, `${title(season)} ${y}`);
    return true;
  });
  q.consume(words(`${YEAR}\\s+${SEASON}(?:\\s+season)?`), (m) => {
    const season = SEASON_NAMES[(m[2] ?? '').toLowerCase()] ?? 'WINTER';
    const y = Number(m[1]);
    draft.addSeason(season, y, `${title(season)} ${y}`);
    return true;
  });
  q.consume(words(`(this|current|last|previous|past|next|upcoming|coming)\\s+${SEASON}(?:\\s+season)?`), (m) => {
    const which = (m[1] ?? '').toLowerCase();
    const season = SEASON_NAMES[(m[2] ?? '').toLowerCase()] ?? 'WINTER';
    let index = seasonIndex(season, year);
    if (['last', 'previous', 'past'].includes(which) && index >= current) index -= 4;
    if (['next', 'upcoming', 'coming'].includes(which) && index <= current) index += 4;
    const s = seasonAt(index);
    draft.addSeason(s.season, s.year, `${title(s.season)} ${s.year}`);
    return true;
  });

  // A season of any year: "summer anime", "the fall season".
  q.consume(words(`(?:the\\s+)?${SEASON}(?:\\s+season(?:al)?|(?=\\s+(?:anime|animes|shows|series|releases|line-?up|titles|premieres)${R}))`), (m) => {
    const season = SEASON_NAMES[(m[1] ?? '').toLowerCase()] ?? 'WINTER';
    draft.addSeasonOnly(season, `${title(season)} (any year)`);
    return true;
  });

  // Ranges and bounds before single years, so "between 2000 and 2010" is not two "in"s.
  const FROM = '(?:(?:released|aired|made|came\\s+out)\\s+)?';
  q.consume(words(`${FROM}(?:between|from)\\s+(?:the\\s+years?\\s+)?${YEAR}\\s*(?:and|to|-|–|until|till|through)\\s*${YEAR}`), (m) =>
    years(Math.min(Number(m[1]), Number(m[2])), Math.max(Number(m[1]), Number(m[2]))),
  );
  q.consume(words(`${YEAR}\\s*(?:-|–|to|through)\\s*${YEAR}`), (m) => years(Math.min(Number(m[1]), Number(m[2])), Math.max(Number(m[1]), Number(m[2]))));
  q.consume(
    regex(`${L}(?:(?:around|circa|c\\.|ca\\.|approximately|roughly|about)\\s*|~\\s*)${YEAR}${R}|${L}${YEAR}\\s*-?\\s*ish${R}`, 'giu'),
    (m) => {
      const y = Number(m[1] ?? m[2]);
      return years(y - 2, y + 2);
    },
  );
  q.consume(
    words(
      `${FROM}(?:since|from)\\s+${YEAR}\\s*(?:on(?:wards?)?|onward|forward|and\\s+(?:later|after|newer|up|beyond)|or\\s+(?:later|newer|after))|${YEAR}\\s*(?:or\\s+(?:later|newer|after)|and\\s+(?:later|newer|after|up|beyond)|onwards?)`,
    ),
    (m) => years(Number(m[1] ?? m[2]), undefined),
  );
  q.consume(regex(`${L}${YEAR}\\+(?!\\p{L})`, 'giu'), (m) => years(Number(m[1]), undefined));
  q.consume(words(`${FROM}since\\s+${YEAR}`), (m) => years(Number(m[1]), undefined));
  q.consume(words(`${FROM}(?:after|post-?|later\\s+than|newer\\s+than)\\s*${YEAR}`), (m) => years(Number(m[1]) + 1, undefined));
  q.consume(words(`${FROM}(?:before|pre-?|earlier\\s+than|older\\s+than|prior\\s+to)\\s*${YEAR}`), (m) => years(undefined, Number(m[1]) - 1));
  q.consume(words(`${FROM}(?:until|till|up\\s+to|through|by)\\s+${YEAR}|${YEAR}\\s+or\\s+(?:earlier|older|before)`), (m) =>
    years(undefined, Number(m[1] ?? m[2])),
  );

  // Decades: "the 90s", "80's", "1990s", "early 2000s", "the nineties", "the 80s or 90s".
  const PREFIX = '(?:(?:in|from|during|of)\\s+)?(?:the\\s+)?';
  q.consume(regex(`${L}${PREFIX}(${DECADE})\\s*(?:or|and|to|through|till|until|-|–|,|/)\\s*(?:the\\s+)?(${DECADE})${R}`, 'giu'), (m) => {
    const a = decadeRange(m[1] ?? '');
    const b = decadeRange(m[2] ?? '');
    return a && b ? years(Math.min(a[0], b[0]), Math.max(a[1], b[1])) : false;
  });
  q.consume(regex(`${L}${PREFIX}(${DECADE})${R}`, 'giu'), (m) => {
    const range = decadeRange(m[1] ?? '');
    return range ? years(range[0], range[1]) : false;
  });

  // Relative years.
  q.consume(words(`(?:in\\s+|from\\s+)?(?:the\\s+)?(?:last|past|previous)\\s+${'(\\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)'}\\s+years`), (m) => {
    const n = parseCount(m[1] ?? '') ?? 1;
    return years(year - n + 1, year);
  });
  q.consume(words(`(?:in\\s+|from\\s+)?(?:the\\s+)?(?:last|past)\\s+decade`), () => years(year - 9, year));
  q.consume(words(`(?:from\\s+|in\\s+)?(\\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\\s+years?\\s+ago`), (m) => {
    const n = parseCount(m[1] ?? '') ?? 1;
    return years(year - n, year - n);
  });
  q.consume(words(`(?:from\\s+|in\\s+)?(?:a\\s+)?decade\\s+ago`), () => years(year - 10, year - 10));
  q.consume(words(`(?:from\\s+|in\\s+|of\\s+)?(this|last|next)\\s+year(?!['’]s)`), (m) => {
    const which = (m[1] ?? '').toLowerCase();
    const y = which === 'this' ? year : which === 'last' ? year - 1 : year + 1;
    return years(y, y);
  });

  // A single year phrased as time: "in 2019", "from 2015", "of 2019", "2019 anime".
  q.consume(words(`${FROM}(?:in|from|during|of)\\s+(?:the\\s+year\\s+)?${YEAR_OR_SHORT}`), (m) => {
    const y = yearOf(m[1], m[2], ctx);
    return years(y, y);
  });
  q.consume(
    regex(
      `${L}${YEAR}(?:['’]s)?(?=\\s+(?:anime|animes|shows?|series|movies?|films?|releases?|ones|titles|tv|ovas?|onas?|specials|isekai|romance|comedies|comedy)${R}|\\s*[\\ue101])`,
      'giu',
    ),
    (m) => years(Number(m[1]), Number(m[1])),
  );
}

/** A decade as written, without captures ("early 2000s", "'90s", "eighties"). */
const DECADE = "(?:(?:early|mid|late)[\\s-]+)?(?:(?:19|20)\\d0['’]?s|['’]\\d0['’]?s|\\d0['’]?s|sixties|seventies|eighties|nineties)";

/** The years of a written decade. */
function decadeRange(written: string): [number, number] | undefined {
  const m = /^(?:(early|mid|late)[\s-]+)?(?:(19|20)(\d)0['’]?s|['’]?(\d)0['’]?s|(sixties|seventies|eighties|nineties))$/iu.exec(written.trim());
  if (!m) return undefined;
  const start = m[2] ? Number(`${m[2]}${m[3]}0`) : m[5] ? (DECADE_WORDS[m[5].toLowerCase()] ?? 1990) : decadeOfDigit(Number(m[4]));
  const part = (m[1] ?? '').toLowerCase();
  return part === 'early' ? [start, start + 3] : part === 'mid' ? [start + 3, start + 6] : part === 'late' ? [start + 6, start + 9] : [start, start + 9];
}

function decadeOfDigit(digit: number): number {
  // "90s" is 1990s; "00s", "10s", "20s" are this century.
  return digit <= 2 ? 2000 + digit * 10 : 1900 + digit * 10;
}

/** Applies a descriptor of time ("recent", "old"). */
export function applyAgeDescriptor(kind: 'recent' | 'old', draft: PlanDraft, ctx: PlannerContext): void {
  const year = ctx.today.year;
  if (kind === 'recent') draft.narrowYears({ min: year - 2, max: year }, `recent (${year - 2}–${year})`);
  else draft.narrowYears({ max: year - 20 }, `older (≤ ${year - 20})`);
}

/** A leftover that is only a year ("isekai 2020") is that year. */
export function bareYear(text: string, ctx: PlannerContext): number | undefined {
  const match = /^(?:(?:19|20)\d{2})$/u.exec(text.trim());
  const y = match ? Number(match[0]) : undefined;
  return y !== undefined && y >= 1917 && y <= ctx.today.year + 3 ? y : undefined;
}
