import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyGate } from './concurrency-gate';

describe('ConcurrencyGate', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
  });
  afterEach(() => vi.useRealTimers());
  const gate = (concurrency: number, queue: number, maxWaitMs = 500) => new ConcurrencyGate({ concurrency, queue, maxWaitMs, now: () => now });

  it('admits up to its concurrency at once, queues up to its queue, and refuses the rest immediately', async () => {
    const g = gate(2, 1);
    const a = await g.acquire();
    const b = await g.acquire();
    expect(a.admitted && b.admitted).toBe(true);
    const waiting = g.acquire();
    expect(g.stats).toEqual({ running: 2, queued: 1, concurrency: 2, queue: 1 });
    expect(await g.acquire()).toEqual({ admitted: false, reason: 'queue-full' });
    now = 40;
    if (a.admitted) a.release();
    const admitted = await waiting;
    expect(admitted).toMatchObject({ admitted: true, waitedMs: 40 });
    expect(g.stats.running).toBe(2);
  });

  it('refuses a waiter whose wait ran past maxWaitMs, and frees its place in the queue', async () => {
    const g = gate(1, 1, 300);
    const first = await g.acquire();
    expect(first.admitted).toBe(true);
    const waiting = g.acquire();
    vi.advanceTimersByTime(300);
    expect(await waiting).toEqual({ admitted: false, reason: 'queue-timeout' });
    expect(g.stats.queued).toBe(0);
    const again = g.acquire();
    expect(g.stats.queued).toBe(1);
    if (first.admitted) first.release();
    expect((await again).admitted).toBe(true);
  });

  it('drops a waiter whose client left, and a release twice frees one slot only', async () => {
    const g = gate(1, 4);
    const first = await g.acquire();
    const left = new AbortController();
    const waiting = g.acquire(1, left.signal);
    left.abort();
    expect(await waiting).toEqual({ admitted: false, reason: 'aborted' });
    if (!first.admitted) throw new Error('first was refused');
    first.release();
    first.release();
    expect(g.stats.running).toBe(0);
  });

  it('weighs heavy requests (clamped to the concurrency) and keeps FIFO order', async () => {
    const g = gate(4, 4);
    const small = await g.acquire(1);
    const heavy = g.acquire(10); // clamped to 4: waits until it can run alone
    const after = g.acquire(1); // behind the heavy one, although a slot is free
    expect(g.stats).toMatchObject({ running: 1, queued: 2 });
    if (small.admitted) small.release();
    const h = await heavy;
    expect(h.admitted).toBe(true);
    expect(g.stats).toMatchObject({ running: 4, queued: 1 });
    if (h.admitted) h.release();
    expect((await after).admitted).toBe(true);
  });
});
