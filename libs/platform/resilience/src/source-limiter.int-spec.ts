import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, RateLimitedError } from '@anime/contracts';
import { assertReachable, testRedisUrl, uniquePrefix } from '@anime/testing';
import { DEFAULT_RATE_LIMIT_POLICIES, type RateLimitPolicy } from './rate-limit-policies';
import { SourceLimiter } from './source-limiter';

const prefix = uniquePrefix('resil');
let replicaA: Redis;
let replicaB: Redis;

/** Two limiters, each on its own connection: two replicas of one connector. */
function replicas(policy: RateLimitPolicy, source = 'jikan'): [SourceLimiter, SourceLimiter] {
  return [
    new SourceLimiter({ source, policy, redis: replicaA, keyPrefix: prefix }),
    new SourceLimiter({ source, policy, redis: replicaB, keyPrefix: prefix }),
  ];
}

beforeAll(async () => {
  await assertReachable(testRedisUrl(), 'Redis');
  replicaA = new Redis(testRedisUrl());
  replicaB = new Redis(testRedisUrl());
});
afterAll(async () => {
  const keys = await replicaA.keys(`${prefix}:*`);
  if (keys.length > 0) await replicaA.del(...keys);
  replicaA.disconnect();
  replicaB.disconnect();
});

describe('SourceLimiter (Redis, distributed mode)', () => {
  it('two replicas share one budget', async () => {
    const [a, b] = replicas({ windows: [{ points: 5, seconds: 30 }], maxWaitMs: 0 }, 'kitsu');
    expect(a.mode).toBe('redis');
    for (let i = 0; i < 3; i++) await a.acquire();
    for (let i = 0; i < 2; i++) await b.acquire();
    await expect(a.acquire()).rejects.toBeInstanceOf(RateLimitedError);
    const error = await b.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).retryAfterMs).toBeGreaterThan(25_000);
  });

  it('shares every window of a multi-window policy (Jikan 3/s + 60/min)', async () => {
    const [a, b] = replicas({ ...DEFAULT_RATE_LIMIT_POLICIES.jikan, maxWaitMs: 0 }, 'jikan');
    await a.acquire();
    await b.acquire();
    await a.acquire();
    const error = await b.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).retryAfterMs).toBeLessThanOrEqual(1_000);
    // The refused call's minute token was refunded: 3 spent, not 4.
    const minuteKey = `${prefix}:jikan:60per60s:all`;
    expect(Number(await replicaA.get(minuteKey))).toBe(3);
  });

  it('a replica waits for a token freed in the shared window', async () => {
    const [a, b] = replicas({ windows: [{ points: 1, seconds: 1 }], maxWaitMs: 3_000 }, 'animeschedule');
    await a.acquire();
    const waited = await b.acquire();
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(1_500);
  });

  it('an upstream block seen by one replica holds the other', async () => {
    const [a, b] = replicas({ windows: [{ points: 100, seconds: 1 }], maxWaitMs: 0 }, 'anilist');
    await a.observe(new Headers({ 'retry-after': '5' }));
    expect(await b.blockedFor()).toBeGreaterThan(4_000);
    const error = await b.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).details).toMatchObject({ reason: 'upstream-backoff' });
    // A shorter block later does not shorten the longer one.
    await b.block(1_000);
    expect(await a.blockedFor()).toBeGreaterThan(3_000);
  });

  it('keeps limiting per replica (insurance limiter) when Redis is unreachable', async () => {
    const dead = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const limiter = new SourceLimiter({ source: 'kitsu', policy: { windows: [{ points: 2, seconds: 30 }], maxWaitMs: 0 }, redis: dead, keyPrefix: prefix });
    await limiter.acquire();
    await limiter.acquire();
    await expect(limiter.acquire()).rejects.toBeInstanceOf(RateLimitedError);
    await limiter.observe({ 'retry-after': '3' });
    expect(await limiter.blockedFor()).toBeGreaterThan(2_000);
    dead.disconnect();
  });
});
