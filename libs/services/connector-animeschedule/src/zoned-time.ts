import { MAX_SCHEDULE_DAYS, ValidationError } from '@anime/contracts';
import { addDays, isValidTimeZone, startOfDay, weekdayOf, zonedDate, type CalendarDate } from '@anime/query';

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
/** Japanese TV writes slots up to 04:59 as the previous broadcast day's "24:00"–"28:59". */
const LATE_NIGHT_END_HOUR = 5;
const TOKYO = 'Asia/Tokyo';

/** An instant rendered in one time zone (see `ScheduleItemSchema.local`). */
export interface LocalTime {
  date: string;
  weekday: string;
  time: string;
  broadcastDate?: string;
  broadcastTime?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: number, timeZone: string): { date: CalendarDate; hour: number; minute: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { date: { year: get('year'), month: get('month'), day: get('day') }, hour: get('hour') % 24, minute: get('minute') };
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** YYYY-MM-DD. */
export const isoDate = (d: CalendarDate): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** The caller's zone, checked against the runtime's IANA database (a bad one is a 400, never silently UTC). */
export function assertTimeZone(timeZone: string): string {
  if (!isValidTimeZone(timeZone)) {
    throw new ValidationError(`Unknown time zone "${timeZone}": use an IANA name such as "Europe/Berlin", "America/Los_Angeles" or "UTC"`, { details: { timezone: timeZone } });
  }
  return timeZone;
}

/**
 * An instant as the caller's wall clock (Intl, so DST is the zone's own rule). In Asia/Tokyo a
 * late-night slot (00:00–04:59) also gets the broadcast form fans and Japanese listings use: 01:30
 * on Wednesday is "25:30" on Tuesday.
 */
export function renderLocal(instant: number, timeZone: string): LocalTime {
  const w = wallClock(instant, timeZone);
  const local: LocalTime = { date: isoDate(w.date), weekday: WEEKDAYS[weekdayOf(w.date)] as string, time: `${pad(w.hour)}:${pad(w.minute)}` };
  if (timeZone === TOKYO && w.hour < LATE_NIGHT_END_HOUR) {
    local.broadcastDate = isoDate(addDays(w.date, -1));
    local.broadcastTime = `${w.hour + 24}:${pad(w.minute)}`;
  }
  return local;
}

/** How far an air time is from now: seconds (negative once aired) and words ("in 2 h 15 min"). */
export function countdown(airingAt: number, now: number): { inSeconds: number; text: string } {
  const inSeconds = Math.round((airingAt - now) / 1000);
  const minutes = Math.floor(Math.abs(inSeconds) / 60);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const span = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
  if (Math.abs(inSeconds) < 60) return { inSeconds, text: inSeconds >= 0 ? 'now' : 'just aired' };
  return { inSeconds, text: inSeconds > 0 ? `in ${span}` : `aired ${span} ago` };
}

/** What the caller asked for: a day word, a window, or neither. */
export interface WindowRequest {
  day?: string;
  from?: string;
  to?: string;
  /** With a title and no day, the window is the coming week ("when is the next episode of X"). */
  title?: string;
}

/**
 * The window [from, to] (epoch ms, inclusive) of a request in the caller's zone: a day word
 * ("today", "tomorrow", "yesterday", a weekday = its next occurrence with today included, or a
 * date) is that local calendar day, DST-correct (23 or 25 hours on change days); no day or window
 * is today, or the coming week when a title is given. Bad or over-long windows are 400s.
 */
export function resolveWindow(request: WindowRequest, timeZone: string, now: number): { from: number; to: number } {
  if (request.day !== undefined && (request.from !== undefined || request.to !== undefined)) {
    throw new ValidationError("Pass either 'day' or 'from'/'to', not both", { details: { day: request.day } });
  }
  if ((request.from === undefined) !== (request.to === undefined)) throw new ValidationError("'from' and 'to' go together: pass both", { details: {} });
  const today = zonedDate(new Date(now), timeZone);
  const dayWindow = (first: CalendarDate, days = 1): { from: number; to: number } => ({ from: startOfDay(first, timeZone), to: startOfDay(addDays(first, days), timeZone) - 1 });
  if (request.from !== undefined && request.to !== undefined) {
    const window = { from: Date.parse(request.from), to: Date.parse(request.to) };
    if (!(window.to > window.from)) throw new ValidationError(`'to' (${request.to}) must be after 'from' (${request.from})`, { details: { from: request.from, to: request.to } });
    if (window.to - window.from > MAX_SCHEDULE_DAYS * DAY_MS) {
      throw new ValidationError(`The window ${request.from} – ${request.to} is longer than ${MAX_SCHEDULE_DAYS} days`, { details: { maxDays: MAX_SCHEDULE_DAYS } });
    }
    return window;
  }
  if (request.day === undefined) return request.title ? { from: now, to: now + MAX_SCHEDULE_DAYS * DAY_MS } : dayWindow(today);
  return dayWindow(parseDay(request.day, today));
}

/** A day word as a calendar date in the caller's zone. */
function parseDay(day: string, today: CalendarDate): CalendarDate {
  const key = day.trim().toLowerCase();
  if (key === 'today' || key === 'tonight') return today;
  if (key === 'tomorrow') return addDays(today, 1);
  if (key === 'yesterday') return addDays(today, -1);
  const weekday = WEEKDAYS.findIndex((w) => w.toLowerCase() === key.replace(/s$/u, ''));
  if (weekday >= 0) return addDays(today, (weekday - weekdayOf(today) + 7) % 7);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(key);
  if (date) {
    const parsed = { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) };
    const check = addDays(parsed, 0);
    if (check.month === parsed.month && check.day === parsed.day) return parsed;
  }
  throw new ValidationError(`Unknown day "${day}": use today, tomorrow, yesterday, a weekday (friday) or a date (2025-01-17)`, { details: { day } });
}
