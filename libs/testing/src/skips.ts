import { describe, it, type TestFunction } from 'vitest';

/** The note a skipped test's or suite's title carries: `.ci/run` lists skipped tests by full name. */
export const skippedTitle = (title: string, reason: string): string => `${title} (skipped: ${reason})`;

/**
 * `it`, run only when `available` is truthy (a tool installed, a service configured). When it is
 * not, the test is skipped and its title says why, `… (skipped: <reason>)`, so the skip shows in
 * the CI output instead of passing silently. The lint rule `test-honesty/no-silent-skip` points here.
 */
export function itWhen(available: unknown, reason: string): (title: string, fn: TestFunction, timeout?: number) => void {
  return (title, fn, timeout) => (available ? it(title, fn, timeout) : it.skip(skippedTitle(title, reason), fn, timeout));
}

/** {@link itWhen} for a whole suite: every test in it is skipped under a title naming the reason. */
export function describeWhen(available: unknown, reason: string): (title: string, fn: () => void) => void {
  return (title, fn) => (available ? describe(title, fn) : describe.skip(skippedTitle(title, reason), fn));
}
