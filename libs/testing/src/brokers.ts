import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';

/** NATS and Redis of the machine (CI and dev boxes run both); override with NATS_URL / REDIS_URL. */
export const testNatsUrl = (): string => process.env['NATS_URL'] || 'nats://127.0.0.1:4222';
export const testRedisUrl = (): string => process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/**
 * A subject/key prefix unique to one test run, so parallel runs (and parallel test files) on the
 * shared broker never see each other's messages. NATS tokens allow [a-z0-9-].
 */
export function uniquePrefix(label = 't'): string {
  return `${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Resolves when host:port of `url` accepts TCP, else rejects with a message that says how to
 * start the broker. Integration tests call it first: they fail loudly, never skip silently.
 */
export async function assertReachable(url: string, what: string, timeoutMs = 2_000): Promise<void> {
  const { hostname, port } = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    const timer = setTimeout(() => fail(new Error('timed out')), timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(`${what} is not reachable at ${url} (${error.message}). Start it (see README "Tests") or set the URL env var.`));
    }
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', fail);
  });
}
