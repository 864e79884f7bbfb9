export { planQuery } from './plan-query';
export type { PlannerOptions } from './plan-query';
export { isSimpleQuery } from './is-simple-query';
export { MOOD_TAGS } from './mood-tags';
export type { MoodTags } from './mood-tags';
export { isValidTimeZone, zonedDate, startOfDay, addDays, weekdayOf } from './time-expressions';
export type { CalendarDate } from './plan-draft';
export { extractYearHint } from './year-hint';
export type { YearHint } from './year-hint';
