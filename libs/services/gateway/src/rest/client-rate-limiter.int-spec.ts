import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertReachable, freePort, testRedisUrl, uniquePrefix } from '@anime/testing';
import { ClientRateLimiter } from './client-rate-limiter';

/** A pino logger whose lines the test can read. */
function capturingLogger(): { logger: pino.Logger; lines: Array<{ level: number; msg: string; redis?: string }> } {
  const lines: Array<{ level: number; msg: string; redis?: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}

// Two limiter instances are two gateway replicas: with Redis they must share one budget.
describe('ClientRateLimiter on the real Redis', () => {
  const limiters: ClientRateLimiter[] = [];
  const replica = (keyPrefix: string, points = 5): ClientRateLimiter => {
    const limiter = new ClientRateLimiter({ points, windowS: 600, redisUrl: testRedisUrl(), keyPrefix, logger: pino({ level: 'silent' }) });
    limiters.push(limiter);
    return limiter;
  };
  const ready = async (limiter: ClientRateLimiter): Promise<void> => {
    // Until ioredis is connected the in-memory insurance answers; wait so the test measures Redis.
    const redis = (limiter as unknown as { redis: { status: string } }).redis;
    await expect.poll(() => redis.status, { timeout: 5_000 }).toBe('ready');
  };

  beforeAll(async () => {
    await assertReachable(testRedisUrl(), 'Redis');
  });
  afterAll(async () => {
    await Promise.all(limiters.map((l) => l.close()));
  });

  it('shares one budget per client across replicas', async () => {
    const prefix = uniquePrefix('rl');
    const a = replica(prefix);
    const b = replica(prefix);
    await Promise.all([ready(a), ready(b)]);
    expect(a.backend).toBe('redis');

    expect(await a.consume('key:client-1')).toMatchObject({ allowed: true, remaining: 4 });
    expect(await b.consume('key:client-1')).toMatchObject({ allowed: true, remaining: 3 });
    expect(await a.consume('key:client-1')).toMatchObject({ allowed: true, remaining: 2 });
    expect(await b.consume('key:client-1')).toMatchObject({ allowed: true, remaining: 1 });
    expect(await b.consume('key:client-1')).toMatchObject({ allowed: true, remaining: 0 });
    // Budget spent on two replicas: both refuse, and say when to retry (within the 600 s window).
    for (const limiter of [a, b]) {
      const refused = await limiter.consume('key:client-1');
      expect(refused).toMatchObject({ allowed: false, limit: 5, remaining: 0 });
      expect(refused.resetMs).toBeGreaterThan(590_000);
      expect(refused.resetMs).toBeLessThanOrEqual(600_000);
    }
    // Another client, and the same client under another prefix (another deployment), are untouched.
    expect(await b.consume('key:client-2')).toMatchObject({ allowed: true, remaining: 4 });
    const elsewhere = replica(uniquePrefix('rl'));
    await ready(elsewhere);
    expect(await elsewhere.consume('key:client-1')).toMatchObject({ allowed: true, remaining: 4 });
  });

  it('keeps serving from memory while Redis is unreachable, warns once, and shares again once it is back', async () => {
    const port = await freePort(); // nothing listens there yet
    const { logger, lines } = capturingLogger();
    const keyPrefix = uniquePrefix('rl');
    const limiter = new ClientRateLimiter({ points: 2, windowS: 600, redisUrl: `redis://:secret@127.0.0.1:${port}`, keyPrefix, logger });
    limiters.push(limiter);
    expect(limiter.backend).toBe('redis');
    const warnings = (): typeof lines => lines.filter((l) => l.msg.startsWith('rate limiter redis unreachable'));

    // The in-memory insurance limiter answers at once — and still limits.
    expect(await limiter.consume('ip:10.0.0.1')).toMatchObject({ allowed: true, remaining: 1 });
    expect(await limiter.consume('ip:10.0.0.1')).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.consume('ip:10.0.0.1')).toMatchObject({ allowed: false });
    expect(await limiter.consume('ip:10.0.0.2')).toMatchObject({ allowed: true });

    // ioredis keeps retrying and repeats its error each time; the warning is logged once per outage.
    const redis = (limiter as unknown as { redis: Redis }).redis;
    let errors = 0;
    redis.on('error', () => errors++);
    await expect.poll(() => errors, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ level: 40, redis: `redis://:***@127.0.0.1:${port}` }); // no password in logs

    // Redis comes up (our own server: the shared one is never stopped): shared limits resume.
    let server: ChildProcess | undefined;
    try {
      server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', 'secret', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await expect.poll(() => lines.some((l) => l.msg.startsWith('rate limiter redis reachable again')), { timeout: 10_000 }).toBe(true);
      const other = new ClientRateLimiter({ points: 2, windowS: 600, redisUrl: `redis://:secret@127.0.0.1:${port}`, keyPrefix, logger: pino({ level: 'silent' }) });
      limiters.push(other);
      await ready(other);
      expect(await limiter.consume('ip:10.0.0.3')).toMatchObject({ allowed: true, remaining: 1 });
      expect(await other.consume('ip:10.0.0.3')).toMatchObject({ allowed: true, remaining: 0 });
      expect(await limiter.consume('ip:10.0.0.3')).toMatchObject({ allowed: false });
    } finally {
      await limiter.close();
      if (server && server.exitCode === null) {
        const exited = once(server, 'exit');
        server.kill();
        await exited;
      }
    }
  });
});
