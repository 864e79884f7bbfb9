// No vitest import: @anime/testing is also loaded by the bench and load CLIs, outside vitest (which
// refuses to be required from CommonJS). A thrown Error fails a test just like a failed expect.
const assertNotEmpty = (length: number, what: string): void => {
  if (length === 0) throw new Error(`${what} is empty: a check over no items proves nothing`);
};

/**
 * Runs `check` on every item of `items`, failing first if there are none: a loop of assertions
 * over an empty list passes without checking anything (issue #21; the lint rule
 * `test-honesty/no-unguarded-loop-expect` points here). `what` names the list in the failure.
 */
export function expectEvery<T>(items: Iterable<T>, check: (item: T, index: number) => void, what = 'the list'): void {
  const list = [...items];
  assertNotEmpty(list.length, what);
  list.forEach((item, index) => check(item, index));
}

/** {@link expectEvery} for checks that await (each item in turn, in order). */
export async function expectEveryAsync<T>(items: Iterable<T>, check: (item: T, index: number) => Promise<void>, what = 'the list'): Promise<void> {
  const list = [...items];
  assertNotEmpty(list.length, what);
  for (const [index, item] of list.entries()) await check(item, index);
}
