import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectEveryAsync } from '@anime/testing';
import { AppError, NotFoundError, RateLimitedError, SourceUnavailableError, UpstreamChangedError } from '@anime/contracts';
import { BreakerGroup, SourceBreaker, type BreakerState } from './circuit-breaker';
import { sourceUnavailable } from './upstream-errors';

const serverError = (): Error => sourceUnavailable('jikan', 'server-error', 'jikan failed with HTTP 500', { status: 500 });
const fail = (error: Error) => async (): Promise<never> => {
  throw error;
};
const ok = async (): Promise<string> => 'ok';

describe('SourceBreaker', () => {
  let breakers: SourceBreaker[] = [];
  const make = (options: Partial<ConstructorParameters<typeof SourceBreaker>[0]> = {}): SourceBreaker => {
    const breaker = new SourceBreaker({ name: 'jikan', failureThreshold: 5, resetTimeoutMs: 30_000, ...options });
    breakers.push(breaker);
    return breaker;
  };

  beforeEach(() => {
    // opossum's reset timer and our clock both read the faked Date/setTimeout.
    vi.useFakeTimers({ now: new Date('2025-07-21T10:00:00Z') });
  });
  afterEach(() => {
    for (const b of breakers) b.shutdown();
    breakers = [];
    vi.useRealTimers();
  });

  it('opens after 5 consecutive upstream failures and then fails fast naming the source and the retry time', async () => {
    const breaker = make();
    for (let i = 0; i < 4; i++) await expect(breaker.execute(fail(serverError()))).rejects.toThrow('HTTP 500');
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(fail(serverError()))).rejects.toThrow('HTTP 500');
    expect(breaker.state).toBe('open');

    const action = vi.fn(ok);
    vi.advanceTimersByTime(10_000);
    const error = await breaker.execute(action).catch((e: unknown) => e);
    expect(action).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as AppError).message).toContain('jikan');
    expect((error as AppError).message).toContain('2025-07-21T10:00:30.000Z');
    expect((error as AppError).retryAfterMs).toBe(20_000);
    expect((error as AppError).details).toMatchObject({ source: 'jikan', reason: 'breaker-open', retryAt: '2025-07-21T10:00:30.000Z' });
  });

  it('a success in between resets the run of failures', async () => {
    const breaker = make();
    for (let i = 0; i < 4; i++) await breaker.execute(fail(serverError())).catch(() => undefined);
    await breaker.execute(ok);
    for (let i = 0; i < 4; i++) await breaker.execute(fail(serverError())).catch(() => undefined);
    expect(breaker.state).toBe('closed');
    expect(breaker.health().consecutiveFailures).toBe(4);
  });

  it('never opens on answers from a healthy upstream: 404, 400, 429, format changes', async () => {
    const breaker = make({ failureThreshold: 2 });
    const healthyAnswers = [
      new NotFoundError('jikan has no such resource (404)'),
      sourceUnavailable('jikan', 'client-error', 'jikan refused the request with HTTP 400', { status: 400 }),
      new RateLimitedError('jikan is rate limiting us (429)'),
      new UpstreamChangedError("jikan response has no 'data.title'"),
    ];
    for (let round = 0; round < 3; round++) {
      await expectEveryAsync(healthyAnswers, (error) => expect(breaker.execute(fail(error))).rejects.toBe(error));
    }
    expect(breaker.state).toBe('closed');
    expect(breaker.health()).toMatchObject({ consecutiveFailures: 0, totals: { failures: 0, ignored: 12 } });
  });

  it('half-opens after the reset timeout; a successful probe closes it', async () => {
    const breaker = make({ resetTimeoutMs: 1_000 });
    const states: BreakerState[] = [];
    breaker.onStateChange((s) => states.push(s));
    for (let i = 0; i < 5; i++) await breaker.execute(fail(serverError())).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect(breaker.health()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(breaker.health().openedAt).toBeUndefined();
  });

  it('a failed probe re-opens it for another reset timeout; concurrent calls during the probe fail fast', async () => {
    const breaker = make({ resetTimeoutMs: 1_000 });
    for (let i = 0; i < 5; i++) await breaker.execute(fail(serverError())).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(1_000);

    let releaseProbe: (value: string) => void = () => undefined;
    const probe = breaker.execute(() => new Promise<string>((r) => (releaseProbe = r)));
    const during = await breaker.execute(ok).catch((e: unknown) => e);
    expect((during as AppError).details).toMatchObject({ reason: 'breaker-open', breaker: 'half-open' });
    releaseProbe('late');
    await expect(probe).resolves.toBe('late');
    expect(breaker.state).toBe('closed');

    for (let i = 0; i < 5; i++) await breaker.execute(fail(serverError())).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(breaker.execute(fail(serverError()))).rejects.toThrow('HTTP 500');
    expect(breaker.state).toBe('open');
    await vi.advanceTimersByTimeAsync(999);
    expect(breaker.state).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(breaker.state).toBe('half-open');
  });

  it('reports state, counts and the last error for /health, and exports Prometheus metrics', async () => {
    const registry = new Registry();
    const breaker = make({ registry });
    await breaker.execute(ok);
    for (let i = 0; i < 5; i++) await breaker.execute(fail(serverError())).catch(() => undefined);
    await breaker.execute(ok).catch(() => undefined);
    expect(breaker.health()).toEqual({
      name: 'jikan',
      state: 'open',
      consecutiveFailures: 5,
      totals: { successes: 1, failures: 5, ignored: 0, rejected: 1 },
      lastError: { code: 'SOURCE_UNAVAILABLE', message: 'jikan failed with HTTP 500', at: '2025-07-21T10:00:00.000Z' },
      openedAt: '2025-07-21T10:00:00.000Z',
      retryAt: '2025-07-21T10:00:30.000Z',
    });
    const text = await registry.metrics();
    expect(text).toContain('upstream_breaker_state{breaker="jikan"} 2');
    expect(text).toContain('upstream_breaker_transitions_total{breaker="jikan",state="open"} 1');
    expect(text).toContain('upstream_breaker_calls_total{breaker="jikan",outcome="failure"} 5');
    expect(text).toContain('upstream_breaker_calls_total{breaker="jikan",outcome="rejected"} 1');

    // A second breaker on the same registry shares the instruments (no duplicate registration).
    const kitsu = make({ name: 'kitsu', registry });
    await kitsu.execute(ok);
    expect(await registry.metrics()).toContain('upstream_breaker_state{breaker="kitsu"} 0');
  });

  it('BreakerGroup keeps one breaker per host: one site down does not stop the others', async () => {
    const group = new BreakerGroup({ name: 'anime-planet', failureThreshold: 2 });
    const down = group.forKey('www.anime-planet.com');
    for (let i = 0; i < 2; i++) await down.execute(fail(serverError())).catch(() => undefined);
    expect(group.forKey('www.anime-planet.com')).toBe(down);
    expect(down.state).toBe('open');
    await expect(group.forKey('cdn.anime-planet.com').execute(ok)).resolves.toBe('ok');
    expect(group.health().map((h) => [h.name, h.state])).toEqual([
      ['anime-planet:www.anime-planet.com', 'open'],
      ['anime-planet:cdn.anime-planet.com', 'closed'],
    ]);
    group.shutdown();
  });
});
