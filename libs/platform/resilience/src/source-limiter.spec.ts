import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectEvery } from '@anime/testing';
import { AppError, CancelledError, RateLimitedError } from '@anime/contracts';
import { backoffFromHeaders, parseRateLimitReset, parseRetryAfter } from './rate-limit-headers';
import { DEFAULT_RATE_LIMIT_POLICIES, resolveRateLimitPolicy } from './rate-limit-policies';
import { SourceLimiter } from './source-limiter';

const T0 = Date.parse('2025-07-21T10:00:00Z');

/** Settles pending promise callbacks and due timers without moving time. */
const flush = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0);
};

describe('SourceLimiter (memory)', () => {
  beforeEach(() => {
    // rate-limiter-flexible reads Date and setTimeout; the limiter's waits use setTimeout: the fake clock drives all.
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('grants the window’s tokens at once, then makes the next caller wait until the window frees', async () => {
    const limiter = new SourceLimiter({ source: 'kitsu', policy: { windows: [{ points: 3, seconds: 1 }] } });
    for (let i = 0; i < 3; i++) expect(await limiter.acquire()).toBe(0);

    let waited: number | undefined;
    const fourth = limiter.acquire().then((ms) => (waited = ms));
    await vi.advanceTimersByTimeAsync(999);
    expect(waited).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await fourth;
    expect(waited).toBe(1000);
  });

  it('needs a token from every window (Jikan 3/s AND 60/min) and refunds partial grants', async () => {
    const limiter = new SourceLimiter({ source: 'jikan', policy: { windows: [{ points: 3, seconds: 1 }, { points: 5, seconds: 60 }], maxWaitMs: 0 } });
    for (let i = 0; i < 3; i++) await limiter.acquire();
    // Per-second window is out: the minute window's token must not be spent by the refused call.
    await expect(limiter.acquire()).rejects.toBeInstanceOf(RateLimitedError);
    vi.advanceTimersByTime(1_000);
    await limiter.acquire();
    await limiter.acquire();
    // 5 granted this minute: the minute window refuses now, until the minute ends.
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).retryAfterMs).toBe(59_000);
    vi.advanceTimersByTime(59_000);
    await expect(limiter.acquire()).resolves.toBe(0);
  });

  it('throws RateLimitedError with retryAfterMs at once when no token can come within the max wait', async () => {
    const registry = new Registry();
    const limiter = new SourceLimiter({ source: 'anilist', policy: { windows: [{ points: 1, seconds: 60 }], maxWaitMs: 5_000 }, registry });
    await limiter.acquire();
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).retryAfterMs).toBe(60_000);
    expect((error as AppError).details).toMatchObject({ source: 'anilist', reason: 'local-limit', waitedMs: 0 });
    expect(await registry.metrics()).toContain('upstream_ratelimit_rejected_total{source="anilist"} 1');
    // A caller may allow a longer wait for itself.
    const patient = limiter.acquire({ maxWaitMs: 60_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(patient).resolves.toBe(60_000);
  });

  it('stops waiting when the caller aborts', async () => {
    const limiter = new SourceLimiter({ source: 'kitsu', policy: { windows: [{ points: 1, seconds: 10 }] } });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire({ signal: controller.signal });
    const outcome = waiting.catch((e: unknown) => e);
    await flush();
    controller.abort();
    expect(await outcome).toBeInstanceOf(CancelledError);
  });

  it('keeps a separate budget per key (scrapers: per host)', async () => {
    const limiter = new SourceLimiter({ source: 'anime-planet', policy: { ...DEFAULT_RATE_LIMIT_POLICIES['anime-planet'], maxWaitMs: 0 } });
    await limiter.acquire({ key: 'www.anime-planet.com' });
    await limiter.acquire({ key: 'www.livechart.me' });
    await expect(limiter.acquire({ key: 'www.anime-planet.com' })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('adapts to Retry-After: every caller waits until the upstream’s time', async () => {
    const limiter = new SourceLimiter({ source: 'jikan', policy: DEFAULT_RATE_LIMIT_POLICIES.jikan });
    expect(await limiter.observe(new Headers({ 'retry-after': '2' }))).toEqual({ blockMs: 2000, reason: 'retry-after' });
    expect(await limiter.blockedFor()).toBe(2000);
    let done = false;
    const next = limiter.acquire().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(done).toBe(true);
  });

  it('adapts to X-RateLimit-Remaining: 0 + X-RateLimit-Reset (epoch seconds): blocked until the reset', async () => {
    const limiter = new SourceLimiter({ source: 'animeschedule', policy: { ...DEFAULT_RATE_LIMIT_POLICIES.animeschedule, maxWaitMs: 1_000 } });
    const reset = String((T0 + 30_000) / 1000);
    expect(await limiter.observe({ 'X-RateLimit-Limit': '120', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset })).toEqual({ blockMs: 30_000, reason: 'remaining-zero' });
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).retryAfterMs).toBe(30_000);
    expect((error as AppError).details).toMatchObject({ reason: 'upstream-backoff' });
    vi.advanceTimersByTime(30_000);
    await expect(limiter.acquire()).resolves.toBe(0);
  });

  it('ignores headers when the policy is not adaptive, and caps absurd blocks', async () => {
    const fixed = new SourceLimiter({ source: 'kitsu', policy: { windows: [{ points: 10, seconds: 1 }], adaptive: false } });
    expect(await fixed.observe({ 'retry-after': '30' })).toBeUndefined();
    expect(await fixed.blockedFor()).toBe(0);
    const capped = new SourceLimiter({ source: 'kitsu', policy: { windows: [{ points: 10, seconds: 1 }] }, maxBlockMs: 60_000 });
    await capped.observe({ 'retry-after': '86400' });
    expect(await capped.blockedFor()).toBe(60_000);
  });
});

describe('rate-limit header parsing', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120', T0)).toBe(120_000);
    expect(parseRetryAfter('Mon, 21 Jul 2025 10:00:05 GMT', T0)).toBe(5_000);
    expect(parseRetryAfter('Mon, 21 Jul 2025 09:00:00 GMT', T0)).toBe(0);
    expect(parseRetryAfter('soon', T0)).toBeUndefined();
    expect(parseRetryAfter(null, T0)).toBeUndefined();
  });

  it('reads a reset as epoch seconds, epoch ms, delta seconds or a date', () => {
    expect(parseRateLimitReset(String(T0 / 1000 + 10), T0)).toBe(10_000);
    expect(parseRateLimitReset(String(T0 + 1500), T0)).toBe(1_500);
    expect(parseRateLimitReset('42', T0)).toBe(42_000);
    expect(parseRateLimitReset('Mon, 21 Jul 2025 10:01:00 GMT', T0)).toBe(60_000);
  });

  it('accepts the x-rate-limit-* and IETF RateLimit-* variants; remaining > 0 or garbled means no block', () => {
    expect(backoffFromHeaders({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '3' }, T0)).toEqual({ blockMs: 3000, reason: 'remaining-zero' });
    expect(backoffFromHeaders(new Headers({ 'RateLimit-Remaining': '0', 'RateLimit-Reset': '7' }), T0)).toEqual({ blockMs: 7000, reason: 'remaining-zero' });
    expect(backoffFromHeaders({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '3' }, T0)).toBeUndefined();
    expect(backoffFromHeaders({ 'x-ratelimit-remaining': 'n/a', 'x-ratelimit-reset': '3' }, T0)).toBeUndefined();
    expect(backoffFromHeaders({ 'x-ratelimit-remaining': '0' }, T0)).toBeUndefined();
    expect(backoffFromHeaders({ 'retry-after': '4', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '60' }, T0)).toEqual({ blockMs: 4000, reason: 'retry-after' });
  });
});

describe('default policies', () => {
  it('match the published limits and all validate', () => {
    expect(DEFAULT_RATE_LIMIT_POLICIES.anilist.windows).toEqual([{ points: 30, seconds: 60 }]);
    expect(DEFAULT_RATE_LIMIT_POLICIES.jikan.windows).toEqual([
      { points: 3, seconds: 1 },
      { points: 60, seconds: 60 },
    ]);
    expect(DEFAULT_RATE_LIMIT_POLICIES.kitsu.windows).toEqual([{ points: 10, seconds: 1 }]);
    for (const scraper of ['anime-planet', 'livechart', 'anisearch', 'ann', 'simkl'] as const) {
      expect(resolveRateLimitPolicy(DEFAULT_RATE_LIMIT_POLICIES[scraper])).toMatchObject({ windows: [{ points: 1, seconds: 1 }], perHost: true });
    }
    expectEvery(Object.values(DEFAULT_RATE_LIMIT_POLICIES), (policy) => expect(() => resolveRateLimitPolicy(policy)).not.toThrow(), 'the default policies');
    expect(() => resolveRateLimitPolicy({ windows: [{ points: 3, seconds: 0.5 }] })).toThrow();
  });
});
