import { describe, expect, it } from 'vitest';
import { CancelledError } from '@anime/contracts';
import { Coalescer } from './coalescer';

/** A promise the test settles by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Coalescer', () => {
  it('runs identical concurrent calls once and gives every caller the result', async () => {
    const joins: string[] = [];
    const coalescer = new Coalescer((key) => joins.push(key));
    const gate = deferred<string>();
    let runs = 0;
    const calls = Array.from({ length: 10 }, () =>
      coalescer.run('GET /anime/1', () => {
        runs++;
        return gate.promise;
      }),
    );
    expect(coalescer.inFlight).toBe(1);
    gate.resolve('bebop');
    expect(await Promise.all(calls)).toEqual(Array(10).fill('bebop'));
    expect(runs).toBe(1);
    expect(joins).toHaveLength(9);
    expect(coalescer.inFlight).toBe(0);
  });

  it('shares a failure, and the next call after it runs again', async () => {
    const coalescer = new Coalescer();
    const boom = new Error('upstream down');
    const a = coalescer.run('k', () => Promise.reject(boom));
    const b = coalescer.run('k', () => Promise.resolve('never'));
    await expect(a).rejects.toBe(boom);
    await expect(b).rejects.toBe(boom);
    await expect(coalescer.run('k', () => Promise.resolve('fresh'))).resolves.toBe('fresh');
  });

  it('keeps different keys apart', async () => {
    const coalescer = new Coalescer();
    let runs = 0;
    await Promise.all(['a', 'b', 'a'].map((k) => coalescer.run(k, async () => ++runs)));
    expect(runs).toBe(2);
  });

  it('a caller that aborts leaves alone; the shared call is cancelled only when every caller has gone', async () => {
    const coalescer = new Coalescer();
    let shared: AbortSignal | undefined;
    const gate = deferred<string>();
    const first = new AbortController();
    const second = new AbortController();
    const a = coalescer.run('k', (signal) => ((shared = signal), gate.promise), { signal: first.signal });
    const b = coalescer.run('k', () => gate.promise, { signal: second.signal });
    first.abort();
    await expect(a).rejects.toBeInstanceOf(CancelledError);
    expect(shared?.aborted).toBe(false);
    second.abort();
    await expect(b).rejects.toBeInstanceOf(CancelledError);
    expect(shared?.aborted).toBe(true);
    // A newcomer does not join the cancelled call.
    expect(coalescer.inFlight).toBe(0);
    await expect(coalescer.run('k', async () => 'new')).resolves.toBe('new');
    gate.resolve('late');
  });
});
