/** Time-zone arithmetic with Intl only (no library): pure functions, unit-tested. */

/** Minutes `zone` is ahead of UTC at instant `utcMs` (DST-correct). Throws RangeError for an unknown zone. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** The UTC instant of 00:00 on `date` (YYYY-MM-DD) in `zone`. */
export function zonedMidnight(date: string, zone: string): number {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - zoneOffsetMinutes(zone, guess) * 60_000;
  // Once more at the corrected instant: the offset may differ across a DST change.
  return guess - zoneOffsetMinutes(zone, first) * 60_000;
}

/** YYYY-MM-DD of the Monday of the week holding `date` (YYYY-MM-DD). */
export function mondayOf(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

/** Adds days to a YYYY-MM-DD date. */
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Today (YYYY-MM-DD) in `zone`. */
export function todayIn(zone: string, nowMs: number): string {
  return new Date(nowMs + zoneOffsetMinutes(zone, nowMs) * 60_000).toISOString().slice(0, 10);
}

/** Whether the runtime knows this IANA zone. */
export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
