import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError, CancelledError, DeadlineExceededError, NotFoundError, RateLimitedError, SourceUnavailableError, UpstreamChangedError } from '@anime/contracts';
import { sharedDir } from '@anime/testing';
import { HttpClient, buildUserAgent, type HttpClientOptions } from './http-client';
import { startScriptedUpstream, type ScriptedUpstream } from './test-support/scripted-upstream';
import type { Sleep } from './clock';
import { expectField } from './upstream-errors';

const fixtures = resolve(sharedDir(), 'fixtures');
const FULL = '/v4/anime/1/full';

let upstream: ScriptedUpstream;
let sleeps: number[];
/** Records the delay and returns at once: retries stay deterministic without waiting. */
const recordingSleep: Sleep = async (ms) => {
  sleeps.push(ms);
};

function client(options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ source: 'jikan', baseUrl: `${upstream.url}/v4`, sleep: recordingSleep, random: () => 0.5, backoffBaseMs: 100, ...options });
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
  sleeps = [];
});

describe('HttpClient against recorded Jikan responses', () => {
  it('GETs JSON under the base URL with query params and a clear User-Agent', async () => {
    const body = await client().getJson('/anime/1/full', { query: { sfw: true, page: 1, skip: undefined } });
    expect(expectField<string>(body, 'data.title', 'jikan')).toBe('Cowboy Bebop');
    expect(upstream.requests).toHaveLength(1);
    const [request] = upstream.requests;
    expect(request?.query).toEqual({ sfw: 'true', page: '1' });
    expect(request?.headers['user-agent']).toBe(buildUserAgent());
    expect(request?.headers['user-agent']).toMatch(/^anime-mcp-server\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/.+\)$/);
    expect(request?.headers['accept']).toBe('application/json');
  });

  it('returns text pages (a recorded anime-planet page) with the text helper', async () => {
    upstream.route('/anime/fullmetal-alchemist-brotherhood', { file: 'anime-planet/tv.html' });
    const pages = new HttpClient({ source: 'anime-planet', baseUrl: upstream.url });
    const html = await pages.getText('/anime/fullmetal-alchemist-brotherhood');
    expect(html).toContain('application/ld+json');
  });

  it('POSTs JSON (GraphQL) and parses the recorded AniList answer', async () => {
    upstream.route('/graphql', { file: 'anilist/tv.json' });
    const anilist = new HttpClient({ source: 'anilist', baseUrl: upstream.url });
    const body = await anilist.postJson('/graphql', { query: 'query ($id: Int) { Media(id: $id) { id } }', variables: { id: 5114 } });
    expect(expectField<number>(body, 'data.Media.id', 'anilist')).toBe(5114);
    expect(upstream.requests[0]?.method).toBe('POST');
    expect(JSON.parse(upstream.requests[0]?.body ?? '{}')).toMatchObject({ variables: { id: 5114 } });
    expect(upstream.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('retries 5xx with exponential backoff and jitter, then succeeds', async () => {
    upstream.queue(FULL, { status: 500, body: '{"status":500}' }, { status: 502, body: 'bad gateway' });
    const body = await client().getJson('/anime/1/full');
    expect(expectField(body, 'data.mal_id', 'jikan')).toBe(1);
    expect(upstream.count(FULL)).toBe(3);
    // base 100 doubling, "equal jitter" at random()=0.5 → 75 % of the capped value.
    expect(sleeps).toEqual([75, 150]);
  });

  it('gives up after maxRetries with SourceUnavailableError naming source, status and the redacted URL', async () => {
    upstream.route(FULL, { status: 503, body: 'down' });
    const error = await client({ maxRetries: 2 })
      .getJson('/anime/1/full', { query: { q: 'bebop', api_key: 'SECRET123' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as AppError).details).toMatchObject({ source: 'jikan', status: 503, reason: 'server-error', attempts: 3 });
    const url = String((error as AppError).details?.['url']);
    expect(url).toContain('q=bebop');
    expect(url).toContain('api_key=***');
    expect(url).not.toContain('SECRET123');
    expect(upstream.count(FULL)).toBe(3);
  });

  it('honours Retry-After (seconds) with a real wait of at least the header', async () => {
    upstream.queue(FULL, { status: 429, headers: { 'retry-after': '1' }, body: '{"status":429}' });
    const real = new HttpClient({ source: 'jikan', baseUrl: `${upstream.url}/v4`, backoffBaseMs: 10 });
    await real.getJson('/anime/1/full');
    const [first, second] = upstream.requests;
    expect(upstream.requests).toHaveLength(2);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const now = Date.parse('2025-07-21T10:00:00Z');
    upstream.queue(FULL, { status: 503, headers: { 'retry-after': 'Mon, 21 Jul 2025 10:00:03 GMT' } });
    await client({ clock: { now: () => now } }).getJson('/anime/1/full');
    expect(sleeps).toEqual([3000]);
  });

  it('maps 429 after retries to RateLimitedError with retryAfterMs', async () => {
    upstream.route(FULL, { status: 429, headers: { 'retry-after': '2' } });
    const error = await client({ maxRetries: 1 })
      .getJson('/anime/1/full')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).retryAfterMs).toBe(2000);
    expect(upstream.count(FULL)).toBe(2);
    expect(sleeps).toEqual([2000]);
  });

  it('does not wait out a Retry-After longer than maxRetryAfterMs: fails with it instead', async () => {
    upstream.route(FULL, { status: 429, headers: { 'retry-after': '3600' } });
    const error = await client()
      .getJson('/anime/1/full')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as AppError).retryAfterMs).toBe(3_600_000);
    expect(upstream.count(FULL)).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('maps 404 to NotFoundError without retrying', async () => {
    const error = await client()
      .getJson('/anime/99999999/full')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as AppError).details).toMatchObject({ source: 'jikan', status: 404 });
    expect(upstream.requests).toHaveLength(1);
  });

  it('does not retry a 400 and reports it as a refused request (client-error)', async () => {
    upstream.route(FULL, { status: 400, body: '{"status":400,"type":"BadRequestException","message":"Invalid or missing request parameter"}' });
    const error = await client()
      .getJson('/anime/1/full')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as AppError).details).toMatchObject({ status: 400, reason: 'client-error' });
    expect(String((error as AppError).details?.['body'])).toContain('Invalid or missing request parameter');
    expect(upstream.requests).toHaveLength(1);
  });

  it('times out a hanging upstream with SourceUnavailableError within the timeout, without retrying', async () => {
    upstream.route(FULL, { hang: true });
    const started = Date.now();
    const error = await client({ timeoutMs: 200 })
      .getJson('/anime/1/full')
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as AppError).details).toMatchObject({ reason: 'timeout', timeoutMs: 200 });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1_000);
    expect(upstream.count(FULL)).toBe(1);
  });

  it('serves a slow upstream that answers within the timeout', async () => {
    upstream.route(FULL, { file: 'jikan/anime_1_full.json', delayMs: 50 });
    const body = await client({ timeoutMs: 2_000 }).getJson('/anime/1/full');
    expect(expectField(body, 'data.mal_id', 'jikan')).toBe(1);
  });

  it('maps the caller cancelling to CancelledError and the caller deadline to DeadlineExceededError', async () => {
    upstream.route(FULL, { hang: true });
    const controller = new AbortController();
    const pending = client().getJson('/anime/1/full', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    await expect(client().getJson('/anime/1/full', { signal: AbortSignal.timeout(50) })).rejects.toBeInstanceOf(DeadlineExceededError);
  });

  it('retries network errors and then reports the source unreachable', async () => {
    const closed = await startScriptedUpstream({ dir: fixtures });
    const deadUrl = closed.url;
    await closed.close();
    const dead = new HttpClient({ source: 'kitsu', baseUrl: deadUrl, sleep: recordingSleep, random: () => 0, maxRetries: 2, backoffBaseMs: 100 });
    const error = await dead.getJson('/api/edge/anime/1517').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as AppError).details).toMatchObject({ source: 'kitsu', reason: 'network' });
    expect((error as AppError).message).toContain('ECONNREFUSED');
    expect(sleeps).toEqual([50, 100]);
  });

  it('reports a body that is not JSON as UpstreamChangedError', async () => {
    upstream.route(FULL, { body: '<html>maintenance</html>' });
    await expect(client().getJson('/anime/1/full')).rejects.toBeInstanceOf(UpstreamChangedError);
  });

  it('uses an injected fetch and counts requests in the registry', async () => {
    const registry = new Registry();
    const seen: string[] = [];
    const injected = new HttpClient({
      source: 'kitsu',
      baseUrl: 'https://kitsu.example/api/edge',
      registry,
      fetch: async (input) => {
        seen.push(String(input));
        return new Response('{"data":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    expect(await injected.getJson('anime', { query: { 'filter[id]': 1517 } })).toEqual({ data: [] });
    expect(seen).toEqual(['https://kitsu.example/api/edge/anime?filter%5Bid%5D=1517']);
    expect(await registry.metrics()).toContain('upstream_http_requests_total{source="kitsu",outcome="200"} 1');
  });
});
