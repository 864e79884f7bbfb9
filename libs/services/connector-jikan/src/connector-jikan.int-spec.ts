import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HEALTH_CONTRACTS, NotFoundError, type AppError, SourceContracts, SourceUnavailableError, ValidationError } from '@anime/contracts';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { expectEvery, sharedFixtures, startReplayServer, type ReplayRoute, type ReplayServer } from '@anime/testing';
import { ConnectorJikanEnvSchema, ConnectorJikanModule } from './index';

const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(ConnectorJikanEnvSchema.shape);
const DAY = 24 * 3_600_000;

// The recorded characters file is the `data` array only; Jikan sends it wrapped.
const charactersBody = JSON.stringify({ data: JSON.parse(readFileSync(join(sharedFixtures('jikan'), 'jikan_cowboy_bebop_characters_basic.json'), 'utf8')) as unknown });
// Error bodies in the shape Jikan v4 documents for its errors.
const jikanError = (status: number, type: string, message: string): string => JSON.stringify({ status, type, message, error: null });
const notFound = jikanError(404, 'BadResponseException', 'Resource does not exist');
const malDown = jikanError(504, 'BadResponseException', 'Jikan failed to connect to MyAnimeList.net. MyAnimeList.net may be down/unavailable, refuses to connect or took too long to respond. Retry the request later.');
const serverError = jikanError(500, 'InternalException', 'Unhandled Exception');

const baseRoutes: ReplayRoute[] = [
  { path: '/v4/anime/1/full', file: 'anime_1_full.json' },
  { path: '/v4/anime/1/characters', body: charactersBody },
  // A second id served by the same recording, for cache-age tests that must not disturb id 1.
  { path: '/v4/anime/7/full', file: 'anime_1_full.json' },
  { path: '/v4/anime/999999/full', status: 404, body: notFound },
  { path: '/v4/anime/3/full', status: 504, body: malDown },
  { path: /^\/v4\/anime\/\d+\/full$/, status: 500, body: serverError },
];

describe('connector-jikan (in-process, Jikan replayed from recorded responses)', () => {
  let server: ReplayServer;
  let app: RunningApp;
  let rpc: RpcClient;
  // The kit's injected clock: moved forward to age the cache without sleeping.
  let offsetMs = 0;
  const clock = { now: (): number => Date.now() + offsetMs };
  const paths = (from = 0): string[] => server.requests.slice(from).map((r) => r.path);

  beforeAll(async () => {
    server = await startReplayServer({ dir: sharedFixtures('jikan'), routes: baseRoutes });
    app = await runApp(
      {
        app: 'connector-jikan-test',
        envSchema: EnvSchema,
        transport: 'inprocess',
        processHealth: false,
        listen: false,
        // One attempt per call, so upstream request counts and breaker failures are exact.
        modules: (env) => [ConnectorJikanModule.forRoot(env, { clock, http: { maxRetries: 0 } })],
      },
      { LOG_LEVEL: 'silent', JIKAN_BASE_URL: `${server.url}/v4` },
    );
    rpc = app.app.get(RpcClient);
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('reports the upstream check up while the breaker is closed', async () => {
    const health = await rpc.call(HEALTH_CONTRACTS['connector-jikan'], {});
    expect(health.checks).toEqual([{ name: 'upstream', status: 'up', detail: 'breaker closed' }, { name: 'redis', status: 'up', detail: 'no Redis configured: limiter and cache per process' }, expect.objectContaining({ name: 'traffic', status: 'up', stats: expect.objectContaining({ 'jikan.requests': expect.any(Number) }) })]);
  });

  it('answers 20 concurrent identical requests with one upstream request and the real Cowboy Bebop data', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => rpc.call(SourceContracts.jikan, { id: '1', fields: [] })));
    expect(paths()).toEqual(['/v4/anime/1/full']);
    const [bebop] = answers;
    expectEvery(answers, (answer) => expect(answer).toEqual(bebop), 'the answers');
    expect(bebop).toMatchObject({
      source: 'jikan',
      sourceId: '1',
      sourceUrl: 'https://myanimelist.net/anime/1',
      stale: false,
      titles: { romaji: 'Cowboy Bebop', english: 'Cowboy Bebop', native: 'カウボーイビバップ' },
      score: { value: 8.75, scale: 10, normalized: 8.75, votes: 1068728 },
      episodes: 26,
      status: 'Finished Airing',
      studios: ['Sunrise'],
      trailer: { url: 'https://www.youtube.com/watch?v=gY5nDXOtv_o' },
    });
    expect(bebop?.synopsis).toContain('By the year 2071, humanity has expanded across the galaxy');
    expect(bebop?.genres).toEqual(expect.arrayContaining(['Action', 'Sci-Fi', 'Space']));
    expect(bebop?.streaming?.map((s) => s.site)).toEqual(['Crunchyroll', 'Netflix', 'Tubi TV']);
    // Finished show: no airing; characters were not asked for, so not fetched.
    expect(bebop?.airing).toBeUndefined();
    expect(bebop?.characters).toBeUndefined();
    expect(Date.parse(bebop?.fetchedAt ?? '')).toBeLessThanOrEqual(clock.now());
  });

  it('fetches characters only when asked, reusing the cached /full answer', async () => {
    const before = server.requests.length;
    const answer = await rpc.call(SourceContracts.jikan, { id: '1', fields: ['score', 'characters'] });
    expect(paths(before)).toEqual(['/v4/anime/1/characters']);
    expect(answer.score?.value).toBe(8.75);
    expect(answer.episodes).toBeUndefined();
    expect(answer.characters).toHaveLength(126);
    expect(answer.characters).toContainEqual({ name: 'Spike Spiegel', role: 'Main', voiceActor: 'Kouichi Yamadera' });
    expect(answer.characters?.filter((c) => c.role === 'Main').map((c) => c.name)).toEqual(['Jet Black', 'Spike Spiegel', 'Faye Valentine', 'Edward Wong Hau Pepelu Tivrusky IV']);

    const charactersOnly = await rpc.call(SourceContracts.jikan, { id: '1', fields: ['characters'] });
    expect(paths(before)).toHaveLength(1);
    expect(charactersOnly.characters?.[1]?.name).toBe('Spike Spiegel');
    expect(charactersOnly.titles).toBeUndefined();
  });

  it('refetches for an airing-only question once the cached value is older than the airing TTL', async () => {
    const before = server.requests.length;
    await rpc.call(SourceContracts.jikan, { id: '7', fields: [] });
    offsetMs = 10 * 60_000; // past airing's 5 min, well within metadata's 3 days
    await rpc.call(SourceContracts.jikan, { id: '7', fields: ['episodes'] });
    expect(paths(before)).toEqual(['/v4/anime/7/full']);
    const airing = await rpc.call(SourceContracts.jikan, { id: '7', fields: ['airing'] });
    expect(paths(before)).toEqual(['/v4/anime/7/full', '/v4/anime/7/full']);
    expect(airing).toMatchObject({ sourceId: '7', stale: false });
    expect(airing.airing).toBeUndefined(); // Cowboy Bebop finished airing
  });

  it('turns a Jikan 404 into NotFoundError naming the id', async () => {
    const error = await rpc.call(SourceContracts.jikan, { id: '999999', fields: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('999999');
    expect((error as AppError).details).toMatchObject({ source: 'jikan', id: '999999' });
  });

  it('rejects an id that is not a MAL id without calling Jikan', async () => {
    const before = server.requests.length;
    await expect(rpc.call(SourceContracts.jikan, { id: '1/../../top', fields: [] })).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests.length).toBe(before);
  });

  it('turns an upstream 500 with nothing cached into SourceUnavailableError', async () => {
    const before = server.requests.length;
    const error = await rpc.call(SourceContracts.jikan, { id: '2', fields: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as AppError).details).toMatchObject({ source: 'jikan', status: 500 });
    expect(paths(before)).toEqual(['/v4/anime/2/full']);
  });

  it('serves the cached value marked stale when Jikan fails after the cache went out of date', async () => {
    const fresh = await rpc.call(SourceContracts.jikan, { id: '1', fields: ['episodes'] });
    server.setRoutes([{ path: /^\/v4\/anime\/\d+\/full$/, status: 500, body: serverError }, ...baseRoutes]);
    offsetMs = 4 * DAY; // past the 3-day metadata TTL, inside its 30-day stale window
    const before = server.requests.length;
    const stale = await rpc.call(SourceContracts.jikan, { id: '1', fields: ['episodes', 'studios'] });
    expect(paths(before)).toEqual(['/v4/anime/1/full']);
    expect(stale).toMatchObject({ stale: true, episodes: 26, studios: ['Sunrise'], fetchedAt: fresh.fetchedAt });
    server.setRoutes(baseRoutes);
  });

  it("turns Jikan's 504 (MyAnimeList down) into SourceUnavailableError", async () => {
    const error = await rpc.call(SourceContracts.jikan, { id: '3', fields: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toMatch(/MyAnimeList is down/);
    expect((error as AppError).details).toMatchObject({ status: 504, id: '3' });
  });

  it('opens the breaker after 5 failures in a row: health degraded with the retry time, calls fail fast', async () => {
    // 3 failures so far (500, stale 500, 504); two more open the breaker.
    for (const id of ['4', '5']) await expect(rpc.call(SourceContracts.jikan, { id, fields: [] })).rejects.toBeInstanceOf(SourceUnavailableError);
    const health = await rpc.call(HEALTH_CONTRACTS['connector-jikan'], {});
    expect(health.status).toBe('degraded');
    expect(health.checks[0]).toMatchObject({ name: 'upstream', status: 'degraded', detail: expect.stringMatching(/^breaker open after 5 failures; retry at \d{4}-\d\d-\d\dT/) });

    const before = server.requests.length;
    const error = await rpc.call(SourceContracts.jikan, { id: '6', fields: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as AppError).details).toMatchObject({ reason: 'breaker-open' });
    expect(server.requests.length).toBe(before);
    // A cached anime is still answered, marked stale, while the breaker is open.
    await expect(rpc.call(SourceContracts.jikan, { id: '1', fields: ['episodes'] })).resolves.toMatchObject({ stale: true, episodes: 26 });
  });
});
