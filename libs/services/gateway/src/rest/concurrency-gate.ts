/** How a request's turn went: it holds a slot (release it when done), or it was refused at once. */
export type GateOutcome = { admitted: true; waitedMs: number; release: () => void } | { admitted: false; reason: 'queue-full' | 'queue-timeout' | 'aborted' };

export interface ConcurrencyGateOptions {
  /** Units of work in progress at once. */
  concurrency: number;
  /** Requests that may wait for a unit; one more is refused at once. */
  queue: number;
  /** Longest a request waits before it is refused. */
  maxWaitMs: number;
  /** Injected clock (ms) for the waited time. */
  now?: () => number;
}

interface Waiter {
  weight: number;
  enqueuedAt: number;
  timer: NodeJS.Timeout;
  resolve: (outcome: GateOutcome) => void;
  onAbort?: () => void;
  signal?: AbortSignal;
}

/**
 * Load shedding for one class of routes: `concurrency` units of work run, up to `queue` requests
 * wait (FIFO) at most `maxWaitMs`, and anything beyond is refused immediately — so past capacity a
 * client gets a fast 503 + Retry-After instead of a multi-second queue, and the requests that are
 * admitted keep their latency. A request may weigh several units (a batch of 100 questions is not
 * one question); a weight above `concurrency` is clamped, so it still runs alone.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private readonly now: () => number;

  constructor(private readonly options: ConcurrencyGateOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Units in use and requests waiting (for /health saturation and metrics). */
  get stats(): { running: number; queued: number; concurrency: number; queue: number } {
    return { running: this.running, queued: this.waiting.length, concurrency: this.options.concurrency, queue: this.options.queue };
  }

  /** Takes `weight` units now, or waits its turn, or is refused. `signal`: the client left while waiting. */
  acquire(weight = 1, signal?: AbortSignal): Promise<GateOutcome> {
    const units = Math.max(1, Math.min(weight, this.options.concurrency));
    if (this.waiting.length === 0 && this.running + units <= this.options.concurrency) {
      this.running += units;
      return Promise.resolve({ admitted: true, waitedMs: 0, release: this.releaser(units) });
    }
    if (this.waiting.length >= this.options.queue) return Promise.resolve({ admitted: false, reason: 'queue-full' });
    if (signal?.aborted) return Promise.resolve({ admitted: false, reason: 'aborted' });
    return new Promise<GateOutcome>((resolve) => {
      const waiter: Waiter = {
        weight: units,
        enqueuedAt: this.now(),
        resolve,
        signal,
        timer: setTimeout(() => this.drop(waiter, 'queue-timeout'), this.options.maxWaitMs),
      };
      if (signal) {
        waiter.onAbort = () => this.drop(waiter, 'aborted');
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiting.push(waiter);
    });
  }

  private releaser(units: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= units;
      this.admitWaiting();
    };
  }

  private admitWaiting(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0] as Waiter;
      if (this.running + next.weight > this.options.concurrency) return;
      this.waiting.shift();
      this.settle(next);
      this.running += next.weight;
      next.resolve({ admitted: true, waitedMs: this.now() - next.enqueuedAt, release: this.releaser(next.weight) });
    }
  }

  private drop(waiter: Waiter, reason: 'queue-timeout' | 'aborted'): void {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    this.settle(waiter);
    waiter.resolve({ admitted: false, reason });
    // A heavy waiter at the head may have blocked lighter ones behind it.
    if (index === 0) this.admitWaiting();
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }
}
