import { abortError } from './upstream-errors';

/** Time source; injected so TTLs, block windows and fetchedAt are testable. */
export interface Clock {
  now(): number;
}

/** Wall clock (`Date.now`), so vitest fake timers also drive it. */
export const systemClock: Clock = { now: () => Date.now() };

/** Waits `ms`, or rejects with the typed abort error as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The default {@link Sleep}: a real timer that an abort cancels (so no timer outlives its caller). */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
