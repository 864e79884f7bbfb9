import { describe, expect, it } from 'vitest';
import { describeWhen, itWhen } from './skips';

// The two skips below are the helpers' own subject; they show in `.ci/run`'s list of skipped tests.
describe('itWhen / describeWhen', () => {
  itWhen(true, 'never shown')('runs when available', () => expect(1).toBe(1));
  itWhen(undefined, 'on purpose, itWhen’s own test')('a check needing foo', () => {
    throw new Error('a skipped test must not run');
  });
  describeWhen('', 'on purpose, describeWhen’s own test')('the bar suite', () => {
    it('inner', () => {
      throw new Error('a skipped suite must not run');
    });
  });
  describeWhen('http://bar', 'bar not installed')('the configured bar suite', () => {
    it('inner', () => expect(1).toBe(1));
  });

  it('registers each as run or skipped, the skipped ones titled with their reason', (ctx) => {
    const siblings = ctx.task.suite?.tasks.filter((t) => t !== ctx.task).map((t) => [t.name, t.mode]);
    expect(siblings).toEqual([
      ['runs when available', 'run'],
      ['a check needing foo (skipped: on purpose, itWhen’s own test)', 'skip'],
      ['the bar suite (skipped: on purpose, describeWhen’s own test)', 'skip'],
      ['the configured bar suite', 'run'],
    ]);
  });
});
