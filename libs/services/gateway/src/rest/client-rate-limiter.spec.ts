import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientRateLimiter } from './client-rate-limiter';
import { isRateLimitedPath } from './admission';

const silent = pino({ level: 'silent' });

describe('ClientRateLimiter (in memory)', () => {
  beforeEach(() => {
    // rate-limiter-flexible reads Date and setTimeout: the fake clock drives its window.
    vi.useFakeTimers({ now: new Date('2025-07-21T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('allows `points` requests per window per client, then refuses until the window ends', async () => {
    const limiter = new ClientRateLimiter({ points: 3, windowS: 10, keyPrefix: 'unit', logger: silent });
    expect(limiter.backend).toBe('memory');
    const first = await limiter.consume('key:a');
    expect(first).toEqual({ allowed: true, limit: 3, remaining: 2, resetMs: 10_000 });
    vi.advanceTimersByTime(4_000);
    expect(await limiter.consume('key:a')).toMatchObject({ allowed: true, remaining: 1, resetMs: 6_000 });
    expect(await limiter.consume('key:a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.consume('key:a')).toEqual({ allowed: false, limit: 3, remaining: 0, resetMs: 6_000 });

    // Another client has its own budget.
    expect(await limiter.consume('ip:127.0.0.1')).toMatchObject({ allowed: true, remaining: 2 });

    vi.advanceTimersByTime(5_999);
    expect((await limiter.consume('key:a')).allowed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await limiter.consume('key:a')).toMatchObject({ allowed: true, remaining: 2, resetMs: 10_000 });
    await limiter.close();
  });
});

describe('isRateLimitedPath', () => {
  it('limits the public endpoints and everything below them, nothing else', () => {
    for (const path of ['/api/tools', '/api/tools/search_anime', '/API/Tools/x', '/api/query', '/api/batch', '/mcp', '/mcp/']) expect(isRateLimitedPath(path), path).toBe(true);
    for (const path of ['/api/toolsx', '/api/admin/jobs', '/health', '/health/ready', '/metrics', '/docs', '/docs/openapi.json', '/mcpx', '/']) expect(isRateLimitedPath(path), path).toBe(false);
  });
});
