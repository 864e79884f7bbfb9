const DAY_MS = 86_400_000;

/** The ISO 8601 week (Monday-based, week 1 holds the first Thursday) of a UTC instant. */
export function isoWeekOf(instant: number): { year: number; week: number } {
  const date = new Date(instant);
  const day = (date.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { year, week };
}

/** The ISO weeks (in UTC) a window touches, in order: what AnimeSchedule timetables to fetch. */
export function isoWeeksBetween(from: number, to: number): Array<{ year: number; week: number }> {
  const weeks: Array<{ year: number; week: number }> = [];
  for (let at = from; at <= to + DAY_MS - 1; at += DAY_MS) {
    const w = isoWeekOf(Math.min(at, to));
    if (!weeks.some((x) => x.year === w.year && x.week === w.week)) weeks.push(w);
  }
  return weeks;
}
