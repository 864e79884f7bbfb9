import { describe, expect, it } from 'vitest';
import { extractYearHint } from './year-hint';

const now = new Date('2026-07-15T00:00:00Z');

describe('extractYearHint', () => {
  it.each([
    ['a girl who time travels, 2010ish', { min: 2008, max: 2012 }, 'a girl who time travels,'],
    ['early 2000s show about a robot cat', { min: 2000, max: 2003 }, 'show about a robot cat'],
    ['around 2015 there was an anime about bakers', { min: 2013, max: 2017 }, 'there was an anime about bakers'],
    ['90s anime with a spaceship crew', { min: 1990, max: 1999 }, 'anime with a spaceship crew'],
    ['the one with a whale, aired 2012 maybe', { min: 2012, max: 2012 }, 'the one with a whale, aired maybe'],
  ])('%s', (text, range, rest) => {
    const { hint, rest: left } = extractYearHint(text, now);
    expect(hint).toMatchObject(range);
    expect(left).toBe(rest);
  });

  it('leaves text without a time alone', () => {
    expect(extractYearHint('a boy with 100 psychic powers', now)).toEqual({ rest: 'a boy with 100 psychic powers' });
  });
});
