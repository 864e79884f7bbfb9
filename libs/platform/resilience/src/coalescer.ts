import { abortError } from './upstream-errors';

interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
}

/**
 * Request coalescing: concurrent calls with the same key share one execution of `fn` (N identical
 * cache misses → 1 upstream call). Each caller keeps its own cancellation: a caller whose signal
 * aborts gets its abort error at once while the others keep waiting, and the shared call is
 * aborted (via the signal `fn` receives) only when every caller has gone.
 */
export class Coalescer {
  private readonly flights = new Map<string, Flight>();

  /** @param onJoin called when a call joins an in-flight one (metrics). */
  constructor(private readonly onJoin?: (key: string) => void) {}

  /** Runs `fn` for `key`, or joins the identical call already in flight. */
  run<T>(key: string, fn: (signal: AbortSignal) => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    let flight = this.flights.get(key);
    if (flight) {
      this.onJoin?.(key);
    } else {
      const controller = new AbortController();
      const created: Flight = { controller, waiters: 0, promise: Promise.resolve() };
      created.promise = Promise.resolve()
        .then(() => fn(controller.signal))
        .finally(() => {
          // A flight abandoned by all its callers may already have been replaced.
          if (this.flights.get(key) === created) this.flights.delete(key);
        });
      // Nobody may be listening any more once every caller aborted.
      created.promise.catch(() => undefined);
      this.flights.set(key, created);
      flight = created;
    }
    return this.wait(key, flight, signal) as Promise<T>;
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.flights.size;
  }

  private wait(key: string, flight: Flight, signal: AbortSignal | undefined): Promise<unknown> {
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = (): void => {
        reject(abortError(signal));
        flight.waiters--;
        if (flight.waiters === 0) {
          // Last one out: forget the flight (a newcomer must not join a cancelled call) and cancel it.
          if (this.flights.get(key) === flight) this.flights.delete(key);
          flight.controller.abort(signal.reason);
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
