import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, CancelledError, NotFoundError, RateLimitedError, SourceUnavailableError } from '@anime/contracts';
import { sharedDir } from '@anime/testing';
import { SourceBreaker, type BreakerState } from './circuit-breaker';
import type { Sleep } from './clock';
import { HttpClient, type HttpClientOptions } from './http-client';
import type { RateLimitPolicy } from './rate-limit-policies';
import { SourceClient, createDefaultSourceClient, staleWarning } from './source-client';
import { SourceLimiter } from './source-limiter';
import { CACHE_TTL_BY_KIND, TieredCache } from './tiered-cache';
import { startScriptedUpstream, type ScriptedUpstream } from './test-support/scripted-upstream';
import { expectField } from './upstream-errors';

const fixtures = resolve(sharedDir(), 'fixtures');
const FULL = '/v4/anime/1/full';
const OTHER = '/v4/anime/5114/full';

interface Anime {
  id: number;
  title: string;
}
/** Parse, don't cast: the connector-style mapping of a recorded Jikan body. */
const parseAnime = (body: unknown): Anime => ({ id: expectField<number>(body, 'data.mal_id', 'jikan'), title: expectField<string>(body, 'data.title', 'jikan') });

function manualClock(start = Date.parse('2025-07-21T10:00:00Z')): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** Resolves on the breaker's next change to `state` (an event, not a sleep). */
const nextState = (breaker: SourceBreaker, state: BreakerState): Promise<void> =>
  new Promise((done) => {
    const off = breaker.onStateChange((s) => {
      if (s === state) {
        off();
        done();
      }
    });
  });

let upstream: ScriptedUpstream;
let clients: SourceClient[] = [];
let sleeps: number[] = [];
const recordingSleep: Sleep = async (ms) => {
  sleeps.push(ms);
};

interface KitOptions {
  policy?: RateLimitPolicy;
  resetTimeoutMs?: number;
  http?: Partial<HttpClientOptions>;
}

function kit(options: KitOptions = {}): { client: SourceClient; clock: ReturnType<typeof manualClock>; breaker: SourceBreaker; limiter: SourceLimiter; registry: Registry } {
  const clock = manualClock();
  const registry = new Registry();
  const breaker = new SourceBreaker({ name: 'jikan', resetTimeoutMs: options.resetTimeoutMs ?? 30_000, registry, clock });
  const limiter = new SourceLimiter({ source: 'jikan', policy: options.policy ?? { windows: [{ points: 100, seconds: 1 }] }, registry });
  const client = new SourceClient({
    source: 'jikan',
    http: new HttpClient({ source: 'jikan', baseUrl: `${upstream.url}/v4`, sleep: recordingSleep, random: () => 0.5, registry, ...options.http }),
    breaker,
    limiter,
    cache: new TieredCache({ source: 'jikan', clock, registry }),
    clock,
    registry,
  });
  clients.push(client);
  return { client, clock, breaker, limiter, registry };
}

beforeAll(async () => {
  upstream = await startScriptedUpstream({ dir: fixtures });
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  upstream.requests.length = 0;
  upstream.route(FULL, { file: 'jikan/anime_1_full.json' });
  upstream.route(OTHER, { file: 'jikan/anime_1_full.json' });
  sleeps = [];
});
afterEach(() => {
  for (const c of clients) c.close();
  clients = [];
});

describe('SourceClient: cache → coalescer → limiter → breaker → HTTP → parse', () => {
  it('fetches and parses a recorded response, then serves it from cache until the TTL passes', async () => {
    const { client, clock } = kit();
    const first = await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime });
    expect(first).toEqual({ value: { id: 1, title: 'Cowboy Bebop' }, source: 'jikan', stale: false, cached: false, fetchedAt: '2025-07-21T10:00:00.000Z' });

    clock.advance(CACHE_TTL_BY_KIND.metadata.ttlMs - 1);
    const hit = await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime });
    expect(hit).toMatchObject({ cached: true, stale: false, fetchedAt: '2025-07-21T10:00:00.000Z' });
    expect(upstream.count(FULL)).toBe(1);

    clock.advance(1);
    const refreshed = await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime });
    expect(refreshed).toMatchObject({ cached: false, stale: false, fetchedAt: '2025-07-24T10:00:00.000Z' });
    expect(upstream.count(FULL)).toBe(2);
  });

  it('keys the cache by query (order-insensitive) and serves a different query separately', async () => {
    const { client } = kit();
    await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime, query: { a: 1, b: 2 } });
    await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime, query: { b: 2, a: 1 } });
    expect(upstream.count(FULL)).toBe(1);
    await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime, query: { a: 1, b: 3 } });
    expect(upstream.count(FULL)).toBe(2);
  });

  it('coalesces 10 concurrent identical gets into 1 upstream request', async () => {
    const { client, registry } = kit();
    upstream.route(FULL, { file: 'jikan/anime_1_full.json', delayMs: 50 });
    const results = await Promise.all(Array.from({ length: 10 }, () => client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime })));
    expect(upstream.count(FULL)).toBe(1);
    expect(new Set(results.map((r) => r.value.title))).toEqual(new Set(['Cowboy Bebop']));
    expect(await registry.metrics()).toContain('upstream_coalesced_total{source="jikan"} 9');
  });

  it('serves the cached value marked stale when the upstream fails (500), with the failure for a warning', async () => {
    const { client, clock, registry } = kit();
    await client.get('/anime/1/full', { kind: 'airing', parse: parseAnime });
    clock.advance(CACHE_TTL_BY_KIND.airing.ttlMs + 1);
    upstream.route(FULL, { status: 500, body: '{"status":500,"type":"InternalException"}' });

    const result = await client.get('/anime/1/full', { kind: 'airing', parse: parseAnime });
    expect(result).toMatchObject({ value: { id: 1, title: 'Cowboy Bebop' }, stale: true, cached: true, fetchedAt: '2025-07-21T10:00:00.000Z' });
    expect(result.error).toBeInstanceOf(SourceUnavailableError);
    expect(result.error?.details).toMatchObject({ status: 500, reason: 'server-error' });
    expect(staleWarning(result)).toBe('jikan data is from 2025-07-21T10:00:00.000Z (live request failed: jikan failed with HTTP 500)');
    expect(upstream.count(FULL)).toBe(1 + 3);
    expect(await registry.metrics()).toContain('upstream_cache_stale_served_total{source="jikan",kind="airing"} 1');
  });

  it('does not serve stale for NotFound (the upstream’s answer) nor for the caller’s own cancellation', async () => {
    const { client, clock } = kit();
    await client.get('/anime/1/full', { kind: 'airing', parse: parseAnime });
    clock.advance(CACHE_TTL_BY_KIND.airing.ttlMs);
    upstream.route(FULL, { status: 404, body: '{"status":404}' });
    await expect(client.get('/anime/1/full', { kind: 'airing', parse: parseAnime })).rejects.toBeInstanceOf(NotFoundError);
    upstream.route(FULL, { hang: true });
    await expect(client.get('/anime/1/full', { kind: 'airing', parse: parseAnime, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
  });

  it('404 → NotFoundError without retry and without opening the breaker', async () => {
    const { client, breaker } = kit();
    for (let i = 0; i < 7; i++) {
      await expect(client.get('/anime/99999999/full', { kind: 'metadata', parse: parseAnime })).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(upstream.requests).toHaveLength(7);
    expect(breaker.state).toBe('closed');
    expect(breaker.health()).toMatchObject({ consecutiveFailures: 0, totals: { failures: 0, ignored: 7 } });
  });

  it('5 consecutive 5xx open the breaker; the next call fails fast with no request; a half-open probe closes it', async () => {
    // The breaker reads the kit's clock and its reset timer is a faked setTimeout, so the 200 ms
    // reset happens when the test advances time, not on the wall clock. (Only the timers are
    // faked: the HTTP exchange and its AbortSignal.timeout stay real.)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { client, breaker, clock } = kit({ resetTimeoutMs: 200 });
      upstream.route(FULL, { status: 503, body: 'maintenance' });
      // Each retry is an attempt through the breaker: 3 failures in the first call, 2 more in the
      // second, whose third attempt already meets the open breaker and is not sent.
      await expect(client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime })).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', details: { status: 503 } });
      const opened = nextState(breaker, 'open');
      await expect(client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime })).rejects.toMatchObject({ details: { reason: 'breaker-open' } });
      await opened;
      expect(upstream.count(FULL)).toBe(5);
      const halfOpen = nextState(breaker, 'half-open');

      clock.advance(150);
      const fast = await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime }).catch((e: unknown) => e);
      expect(fast).toBeInstanceOf(SourceUnavailableError);
      expect((fast as AppError).message).toBe(`jikan is unavailable (circuit open after repeated failures); next attempt at ${new Date(clock.now() + 50).toISOString()}`);
      expect((fast as AppError).retryAfterMs).toBe(50);
      expect(upstream.count(FULL)).toBe(5);

      upstream.route(FULL, { file: 'jikan/anime_1_full.json' });
      vi.advanceTimersByTime(199);
      expect(breaker.state).toBe('open');
      vi.advanceTimersByTime(1);
      await halfOpen;
      expect(breaker.state).toBe('half-open');
      const probe = await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime });
      expect(probe.value.title).toBe('Cowboy Bebop');
      expect(breaker.state).toBe('closed');
      expect(upstream.count(FULL)).toBe(6);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a hanging upstream fails with SourceUnavailableError within the timeout', async () => {
    const { client } = kit({ http: { timeoutMs: 250 } });
    upstream.route(FULL, { hang: true });
    const started = Date.now();
    const error = await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as AppError).details).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('the limiter makes the next call wait for the window to free, then serves it', async () => {
    const { client } = kit({ policy: { windows: [{ points: 1, seconds: 1 }], maxWaitMs: 5_000 } });
    const started = Date.now();
    await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime });
    const second = await client.get('/anime/5114/full', { kind: 'metadata', parse: parseAnime });
    expect(second.stale).toBe(false);
    const [, late] = upstream.requests;
    expect((late?.at ?? 0) - started).toBeGreaterThanOrEqual(1_000);
  });

  it('past the max wait the limiter throws RateLimitedError and nothing is sent', async () => {
    const { client } = kit({ policy: { windows: [{ points: 1, seconds: 60 }], maxWaitMs: 100 } });
    await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime });
    const error = await client.get('/anime/5114/full', { kind: 'metadata', parse: parseAnime }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).retryAfterMs).toBeGreaterThan(50_000);
    expect(upstream.requests).toHaveLength(1);
  });

  it('adapts to X-RateLimit-Remaining: 0 + X-RateLimit-Reset from the upstream', async () => {
    const { client, limiter } = kit({ policy: { windows: [{ points: 100, seconds: 1 }], maxWaitMs: 100 } });
    const resetEpochS = Math.ceil(Date.now() / 1000) + 5;
    upstream.route(FULL, { file: 'jikan/anime_1_full.json', headers: { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetEpochS) } });
    await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime });
    expect(await limiter.blockedFor()).toBeGreaterThan(3_000);
    const error = await client.get('/anime/5114/full', { kind: 'metadata', parse: parseAnime }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).details).toMatchObject({ reason: 'upstream-backoff' });
    expect((error as AppError).retryAfterMs).toBeGreaterThan(3_000);
    expect(upstream.requests).toHaveLength(1);
  });

  it('a 429 with Retry-After blocks the whole source: the retry and other calls wait for it (here: past the max wait)', async () => {
    const { client, limiter } = kit({ policy: { windows: [{ points: 100, seconds: 1 }], maxWaitMs: 1_000 } });
    upstream.queue(FULL, { status: 429, headers: { 'retry-after': '30' } });
    const result = await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime }).catch((e: unknown) => e);
    // The HTTP retry "waits" Retry-After (recorded, not slept); the limiter's block is on the real
    // clock, so the retry attempt still finds the source blocked, beyond the max wait.
    expect(sleeps).toEqual([30_000]);
    expect(result).toBeInstanceOf(RateLimitedError);
    expect(await limiter.blockedFor()).toBeGreaterThan(25_000);
    const other = await client.get('/anime/5114/full', { kind: 'metadata', parse: parseAnime }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(RateLimitedError);
    expect((other as AppError).retryAfterMs).toBeGreaterThan(25_000);
    expect(upstream.requests).toHaveLength(1);
  });

  it('reports health: breaker, limiter, cache', async () => {
    const { client } = kit();
    await client.get('/anime/1/full', { kind: 'metadata', parse: parseAnime });
    expect(await client.health()).toEqual({
      source: 'jikan',
      breakers: [expect.objectContaining({ name: 'jikan', state: 'closed', totals: { successes: 1, failures: 0, ignored: 0, rejected: 0 } })],
      limiter: { mode: 'memory', blockedForMs: 0 },
      cache: { entries: 1 },
      inFlight: 0,
    });
  });
});

describe('createDefaultSourceClient', () => {
  it('builds a scraper client with per-host breaker and limiter, serving recorded HTML pages', async () => {
    upstream.route('/anime/fullmetal-alchemist-brotherhood', { file: 'anime-planet/tv.html' });
    const client = createDefaultSourceClient({ source: 'anime-planet', baseUrl: upstream.url });
    clients.push(client);
    const page = await client.get('/anime/fullmetal-alchemist-brotherhood', {
      kind: 'page',
      responseType: 'text',
      parse: (html) => (typeof html === 'string' && html.includes('application/ld+json') ? html.length : 0),
    });
    expect(page.value).toBeGreaterThan(1000);
    expect(upstream.requests[0]?.headers['accept']).not.toBe('application/json');
    const health = await client.health();
    expect(health.breakers.map((b) => b.name)).toEqual([`anime-planet:${new URL(upstream.url).host}`]);
  });
});
