import { describe, expect, it } from 'vitest';
import { expectEvery, expectEveryAsync } from './expect-every';

describe('expectEvery', () => {
  it('fails on an empty list, naming it', () => {
    expect(() => expectEvery([], () => undefined, 'movies')).toThrow(/movies is empty/);
  });

  it('runs the check on every item, with its index, and fails when one item fails', () => {
    const seen: Array<[string, number]> = [];
    expectEvery(['a', 'b'], (item, index) => void seen.push([item, index]));
    expect(seen).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(() => expectEvery([1, 2, 3], (n) => expect(n).toBeLessThan(3))).toThrow(/expected 3 to be less than 3/);
  });

  it('takes any iterable (a Set, a Map’s values)', () => {
    expect(() => expectEvery(new Set<number>(), () => undefined)).toThrow(/is empty/);
    expectEvery(new Map([['k', 1]]).values(), (v) => expect(v).toBe(1));
  });

  it('async: fails on an empty list and awaits each check in order', async () => {
    await expect(expectEveryAsync([], async () => undefined, 'answers')).rejects.toThrow(/answers is empty/);
    const order: number[] = [];
    await expectEveryAsync([2, 1], async (n) => {
      await Promise.resolve();
      order.push(n);
    });
    expect(order).toEqual([2, 1]);
    await expect(expectEveryAsync([1], async (n) => expect(n).toBe(2))).rejects.toThrow(/expected 1 to be 2/);
  });
});
