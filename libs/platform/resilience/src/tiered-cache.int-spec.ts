import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertReachable, sharedDir, testRedisUrl, uniquePrefix } from '@anime/testing';
import { SourceBreaker } from './circuit-breaker';
import { HttpClient } from './http-client';
import { SourceClient } from './source-client';
import { SourceLimiter } from './source-limiter';
import { CACHE_TTL_BY_KIND, TieredCache } from './tiered-cache';
import { startScriptedUpstream } from './test-support/scripted-upstream';
import { expectField } from './upstream-errors';

const prefix = uniquePrefix('resil');
let redisA: Redis;
let redisB: Redis;

function manualClock(start = Date.parse('2025-07-21T10:00:00Z')): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

beforeAll(async () => {
  await assertReachable(testRedisUrl(), 'Redis');
  redisA = new Redis(testRedisUrl());
  redisB = new Redis(testRedisUrl());
});
afterAll(async () => {
  const keys = await redisA.keys(`${prefix}:*`);
  if (keys.length > 0) await redisA.del(...keys);
  redisA.disconnect();
  redisB.disconnect();
});

describe('TieredCache (LRU + Redis)', () => {
  it('a value cached by one process is visible to a second process-level cache through Redis', async () => {
    const clock = manualClock();
    const a = new TieredCache({ source: 'kitsu', redis: redisA, keyPrefix: prefix, clock });
    const b = new TieredCache({ source: 'kitsu', redis: redisB, keyPrefix: prefix, clock });
    await a.set('GET /anime/1517', 'metadata', { slug: 'five-centimeters-per-second' });
    expect(b.size).toBe(0);
    expect(await b.get('GET /anime/1517')).toEqual({ entry: { value: { slug: 'five-centimeters-per-second' }, fetchedAt: clock.now(), kind: 'metadata' }, fresh: true });
    // Now in b's own LRU too.
    expect(b.size).toBe(1);
    const ttl = await redisA.pttl(`${prefix}:kitsu:GET /anime/1517`);
    const { ttlMs, staleMs } = CACHE_TTL_BY_KIND.metadata;
    expect(ttl).toBeGreaterThan(ttlMs + staleMs - 5_000);
    expect(ttl).toBeLessThanOrEqual(ttlMs + staleMs);
  });

  it('a stale process-tier entry is replaced by a fresher one another replica wrote', async () => {
    const clock = manualClock();
    const a = new TieredCache({ source: 'jikan', redis: redisA, keyPrefix: prefix, clock });
    const b = new TieredCache({ source: 'jikan', redis: redisB, keyPrefix: prefix, clock });
    await b.set('k', 'airing', { episode: 1 });
    clock.advance(CACHE_TTL_BY_KIND.airing.ttlMs);
    expect((await b.get('k'))?.fresh).toBe(false);
    await a.set('k', 'airing', { episode: 2 });
    expect(await b.get('k')).toMatchObject({ fresh: true, entry: { value: { episode: 2 } } });
  });

  it('ignores foreign or corrupt Redis values and survives Redis being down', async () => {
    await redisA.set(`${prefix}:anilist:bad`, 'not json');
    const cache = new TieredCache({ source: 'anilist', redis: redisB, keyPrefix: prefix });
    expect(await cache.get('bad')).toBeUndefined();

    const dead = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const local = new TieredCache({ source: 'anilist', redis: dead, keyPrefix: prefix });
    await local.set('k', 'metadata', 1);
    expect((await local.get('k'))?.entry.value).toBe(1);
    dead.disconnect();
  });

  it('two source clients (two replicas) make one upstream request between them', async () => {
    const upstream = await startScriptedUpstream({ dir: resolve(sharedDir(), 'fixtures'), routes: { '/api/edge/anime': { file: 'kitsu/1517.json' } } });
    const replica = (redis: Redis): SourceClient =>
      new SourceClient({
        source: 'kitsu',
        http: new HttpClient({ source: 'kitsu', baseUrl: `${upstream.url}/api/edge` }),
        breaker: new SourceBreaker({ name: 'kitsu' }),
        limiter: new SourceLimiter({ source: 'kitsu', policy: { windows: [{ points: 10, seconds: 1 }] }, redis, keyPrefix: prefix }),
        cache: new TieredCache({ source: 'kitsu', redis, keyPrefix: prefix }),
      });
    const one = replica(redisA);
    const two = replica(redisB);
    try {
      const parse = (body: unknown): string => expectField<string>(body, 'data.0.attributes.canonicalTitle', 'kitsu');
      const first = await one.get('/anime', { kind: 'metadata', query: { 'filter[id]': 1517 }, parse });
      const second = await two.get('/anime', { kind: 'metadata', query: { 'filter[id]': 1517 }, parse });
      expect(first).toMatchObject({ value: '5 Centimeters Per Second', cached: false });
      expect(second).toMatchObject({ value: '5 Centimeters Per Second', cached: true, stale: false, fetchedAt: first.fetchedAt });
      expect(upstream.requests).toHaveLength(1);
    } finally {
      one.close();
      two.close();
      await upstream.close();
    }
  });
});
