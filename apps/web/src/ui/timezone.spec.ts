import { describe, expect, it } from 'vitest';
import { addDays, isValidZone, mondayOf, todayIn, zonedMidnight, zoneOffsetMinutes } from './timezone';

describe('time zones with Intl', () => {
  it('knows offsets, DST included', () => {
    expect(zoneOffsetMinutes('Asia/Tokyo', Date.parse('2025-01-13T00:00:00Z'))).toBe(540);
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2025-01-13T00:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2025-07-13T00:00:00Z'))).toBe(120);
    expect(zoneOffsetMinutes('America/New_York', Date.parse('2025-01-13T00:00:00Z'))).toBe(-300);
  });

  it('finds local midnight as a UTC instant', () => {
    expect(new Date(zonedMidnight('2025-01-13', 'Asia/Tokyo')).toISOString()).toBe('2025-01-12T15:00:00.000Z');
    expect(new Date(zonedMidnight('2025-01-13', 'America/Los_Angeles')).toISOString()).toBe('2025-01-13T08:00:00.000Z');
    // The day Berlin switches to summer time (at 02:00): midnight is still at +01:00.
    expect(new Date(zonedMidnight('2025-03-30', 'Europe/Berlin')).toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(new Date(zonedMidnight('2025-03-31', 'Europe/Berlin')).toISOString()).toBe('2025-03-30T22:00:00.000Z');
  });

  it('finds the Monday of a week and today in a zone', () => {
    expect(mondayOf('2025-01-13')).toBe('2025-01-13');
    expect(mondayOf('2025-01-19')).toBe('2025-01-13');
    expect(mondayOf('2025-01-20')).toBe('2025-01-20');
    expect(addDays('2025-01-13', 7)).toBe('2025-01-20');
    expect(todayIn('Asia/Tokyo', Date.parse('2025-01-12T16:00:00Z'))).toBe('2025-01-13');
    expect(todayIn('UTC', Date.parse('2025-01-12T16:00:00Z'))).toBe('2025-01-12');
  });

  it('tells known zones from unknown ones', () => {
    expect(isValidZone('Europe/Berlin')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
  });
});
