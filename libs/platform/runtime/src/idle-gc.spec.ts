import { describe, expect, it } from 'vitest';
import { IdleCollector } from './idle-gc';

describe('IdleCollector (when to give memory back)', () => {
  const collector = () => new IdleCollector({ busyElu: 0.5, idleElu: 0.05, idleSamples: 2 });

  it('collects once after a busy period followed by two idle samples, then waits for the next load', () => {
    const c = collector();
    expect([0.9, 1, 0.02, 0.01, 0.01, 0.0, 0.01].map((elu) => c.sample(elu))).toEqual([false, false, false, true, false, false, false]);
    expect([0.8, 0.01, 0.02].map((elu) => c.sample(elu))).toEqual([false, false, true]);
  });

  it('never collects on a process that was never busy, nor while it is half busy', () => {
    const c = collector();
    expect([0.01, 0.0, 0.02, 0.01].some((elu) => c.sample(elu))).toBe(false);
    expect([0.9, 0.2, 0.3, 0.02, 0.3, 0.02].some((elu) => c.sample(elu))).toBe(false); // idle samples must be in a row
  });
});
