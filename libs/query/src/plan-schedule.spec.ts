import { describe, expect, it } from 'vitest';
import { planQuery } from './plan-query';

/** Wednesday 2025-01-15 12:00 UTC. */
const now = new Date('2025-01-15T12:00:00Z');
const plan = (q: string, timezone?: string) => planQuery(q, { now, ...(timezone ? { timezone } : {}) });

describe('schedule questions', () => {
  it('"what\'s airing tomorrow on Crunchyroll": tomorrow in the caller\'s zone, platform crunchyroll', () => {
    const p = plan("what's airing tomorrow on Crunchyroll", 'Europe/Berlin');
    expect(p.intent).toBe('schedule');
    expect(p.schedule).toEqual({ from: '2025-01-15T23:00:00.000Z', to: '2025-01-16T22:59:59.999Z', platforms: ['crunchyroll'] });
    expect(p.text).toBeUndefined();
  });

  it('"Friday\'s lineup": the coming Friday', () => {
    const p = plan("Friday's lineup");
    expect(p.intent).toBe('schedule');
    expect(p.schedule).toMatchObject({ from: '2025-01-17T00:00:00.000Z', to: '2025-01-17T23:59:59.999Z' });
    expect(p.text).toBeUndefined();
  });

  it('"when does the next dubbed episode of X release": X\'s next dub within the coming week', () => {
    const p = plan('when does the next dubbed episode of Sakamoto Days release');
    expect(p.intent).toBe('schedule');
    expect(p.text).toBe('Sakamoto Days');
    expect(p.schedule).toEqual({ from: '2025-01-15T00:00:00.000Z', to: '2025-01-21T23:59:59.999Z', platforms: [], airType: 'dub', next: true });
  });

  it('"when is the next episode of Frieren" without an air type', () => {
    const p = plan('when is the next episode of Frieren');
    expect(p.intent).toBe('schedule');
    expect(p.text).toBe('Frieren');
    expect(p.schedule).toMatchObject({ next: true });
    expect(p.schedule?.airType).toBeUndefined();
  });

  it('"today\'s schedule on Netflix", "dub schedule this weekend", "subbed episodes on friday"', () => {
    expect(plan("today's schedule on Netflix").schedule).toMatchObject({ from: '2025-01-15T00:00:00.000Z', platforms: ['netflix'] });
    expect(plan('dub schedule this weekend').schedule).toMatchObject({ from: '2025-01-18T00:00:00.000Z', to: '2025-01-19T23:59:59.999Z', airType: 'dub' });
    expect(plan('subbed episodes on friday on hidive').schedule).toMatchObject({ from: '2025-01-17T00:00:00.000Z', platforms: ['hidive'], airType: 'sub' });
  });

  it('a possessive weekday that is not a schedule stays a title ("Friday\'s Child" is no day)', () => {
    expect(plan("Friday's Child").intent).not.toBe('schedule');
  });

  it('"when does Frieren air" without "next episode" stays a details question (air dates of one show)', () => {
    const p = plan('when does Frieren air');
    expect(p.intent).toBe('details');
    expect(p.fields).toContain('airing');
  });
});
