import { expect } from 'vitest';

/**
 * Runs `check` on every item of `items`, failing first if there are none: a loop of assertions
 * over an empty list passes without checking anything (issue #21; the lint rule
 * `test-honesty/no-unguarded-loop-expect` points here). `what` names the list in the failure.
 */
export function expectEvery<T>(items: Iterable<T>, check: (item: T, index: number) => void, what = 'the list'): void {
  const list = [...items];
  expect(list.length, `${what} is empty: a check over no items proves nothing`).toBeGreaterThan(0);
  list.forEach((item, index) => check(item, index));
}

/** {@link expectEvery} for checks that await (each item in turn, in order). */
export async function expectEveryAsync<T>(items: Iterable<T>, check: (item: T, index: number) => Promise<void>, what = 'the list'): Promise<void> {
  const list = [...items];
  expect(list.length, `${what} is empty: a check over no items proves nothing`).toBeGreaterThan(0);
  for (const [index, item] of list.entries()) await check(item, index);
}
