import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import type { Logger, Metrics } from '@anime/platform-observability';

/** What {@link installProcessGuard} returns: how many stray errors it absorbed, and a way to remove it. */
export interface ProcessGuard {
  readonly absorbed: () => number;
  uninstall(): void;
}

/**
 * The last line of defence of a serving process: an error thrown where nothing catches it (an
 * `'error'` event without a listener on some request's stream or socket, a rejected promise
 * nobody awaited) is logged with an `errorId` and counted (`process_uncaught_errors_total`)
 * instead of ending the process — one bad request must never take every other user's answers
 * down. Each such error is a bug to fix at its root (the log line has the stack); the guard only
 * keeps the server up meanwhile. Operators still run the process under a restart policy (systemd
 * `Restart=on-failure`, compose `restart: unless-stopped`, k8s) for what no guard can catch:
 * out-of-memory, a native crash, `kill -9`.
 */
export function installProcessGuard(logger: Logger, metrics?: Metrics): ProcessGuard {
  const counter = metrics
    ? new Counter({ name: 'process_uncaught_errors_total', help: 'Errors nothing caught (logged with errorId, process kept serving), by kind.', labelNames: ['kind'], registers: [metrics.registry] })
    : undefined;
  let count = 0;
  const absorb = (kind: 'exception' | 'rejection') => (error: unknown) => {
    count += 1;
    counter?.inc({ kind });
    logger.error({ err: error, errorId: randomUUID(), kind }, 'uncaught error absorbed; the process keeps serving');
  };
  const onException = absorb('exception');
  const onRejection = absorb('rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    absorbed: () => count,
    uninstall: () => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
