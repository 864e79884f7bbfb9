import { CancelledError, DeadlineExceededError, ServiceUnavailableError, type AppError } from '@anime/contracts';

export const noResponders = (subject: string): AppError =>
  new ServiceUnavailableError(`No running service answers "${subject}". Is the service that owns it started?`, {
    details: { subject },
  });

export const timedOut = (subject: string, timeoutMs: number): AppError =>
  new DeadlineExceededError(`"${subject}" did not answer within ${timeoutMs} ms`, { details: { subject, timeoutMs } });

export const cancelled = (subject: string): AppError =>
  new CancelledError(`The call to "${subject}" was cancelled by the caller`, { details: { subject } });

/** Settles `work` against a timeout and an abort signal, clearing the timer either way. */
export function raceDeadline<T>(subject: string, work: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) return Promise.reject(cancelled(subject));
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(timedOut(subject, timeoutMs))), timeoutMs);
    const onAbort = () => finish(() => reject(cancelled(subject)));
    signal?.addEventListener('abort', onAbort, { once: true });
    let done = false;
    function finish(settle: () => void): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
