import { describe, expect, it } from 'vitest';
import { formatAge, formatCountdown, formatDuration, summaryLine } from './format';

const NOW = Date.parse('2026-07-10T12:00:00Z');

describe('formatAge', () => {
  it.each([
    ['2026-07-10T12:00:00Z', 'just now'],
    ['2026-07-10T11:59:30Z', '30 s ago'],
    ['2026-07-10T11:57:00Z', '3 min ago'],
    ['2026-07-10T09:00:00Z', '3 h ago'],
    ['2026-07-05T12:00:00Z', '5 d ago'],
    ['2026-03-10T12:00:00Z', '4 mo ago'],
    ['2023-07-10T12:00:00Z', '3 y ago'],
    ['not a date', 'unknown age'],
  ])('%s → %s', (iso, text) => expect(formatAge(iso, NOW)).toBe(text));

  it('treats a time slightly in the future (clock skew) as now', () => {
    expect(formatAge('2026-07-10T12:00:02Z', NOW)).toBe('just now');
  });
});

describe('formatCountdown', () => {
  it('counts down in days and a clock, and says now once passed', () => {
    expect(formatCountdown(NOW + 2 * 86_400_000 + 3_723_000, NOW)).toBe('2 d 01:02:03');
    expect(formatCountdown(NOW + 59_000, NOW)).toBe('00:00:59');
    expect(formatCountdown(NOW - 1, NOW)).toBe('now');
  });
});

describe('summaryLine / formatDuration', () => {
  it('joins the known parts only', () => {
    expect(summaryLine({ type: 'TV', year: 2024, episodes: 12, score: 8.52 })).toBe('TV · 2024 · 12 ep · ★ 8.5');
    expect(summaryLine({ type: 'MOVIE', year: null, episodes: 0, score: null })).toBe('Movie');
  });
  it('reads durations', () => {
    expect(formatDuration(1440)).toBe('24 min');
    expect(formatDuration(6300)).toBe('1 h 45 min');
  });
});
