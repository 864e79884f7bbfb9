import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HEALTH_CONTRACTS, NotFoundError, SourceContracts, SourceUnavailableError } from '@anime/contracts';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { expectEvery, sharedFixtures, startReplayServer, type ReplayRoute, type ReplayServer } from '@anime/testing';
import { ConnectorKitsuEnvSchema } from './connector-kitsu.env';
import { ConnectorKitsuModule } from './connector-kitsu.module';

const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(ConnectorKitsuEnvSchema.shape);
const DAY = 24 * 60 * 60 * 1000;

// The raw dump holds the bare /anime/1 resource; served as the JSON:API document /anime/1 returns.
const bebop = JSON.parse(readFileSync(join(sharedFixtures('kitsu'), 'kitsu_cowboy_bebop_dump.json'), 'utf8')) as { anime: unknown };
const BEBOP_DOCUMENT = JSON.stringify({ data: bebop.anime });
// Kitsu's JSON:API error document for an unknown id.
const NOT_FOUND_BODY = JSON.stringify({ errors: [{ title: 'Record not found', detail: 'The record identified by 99999999 could not be found.', code: 'not_found', status: '404' }] });

const ROUTES: ReplayRoute[] = [
  { path: '/anime', query: { 'filter[id]': '1517', include: 'categories,genres,animeProductions.producer,mediaRelationships.destination' }, file: '1517.json' },
  { path: '/anime/1', body: BEBOP_DOCUMENT },
  // No recorded streaming-links response exists; an empty list is Kitsu's answer for "no known streams".
  { path: '/anime/1517/streaming-links', query: { include: 'streamer' }, body: JSON.stringify({ data: [], meta: { count: 0 }, links: {} }) },
  { path: '/anime/99999999', status: 404, body: NOT_FOUND_BODY, headers: { 'content-type': 'application/vnd.api+json' } },
];
const FAILING: ReplayRoute[] = [{ path: /.*/, status: 500, body: '{"errors":[{"status":"500","title":"Internal Server Error"}]}' }];

describe('connector-kitsu (in process, Kitsu replayed from recorded responses)', () => {
  let server: ReplayServer;
  let app: RunningApp;
  let rpc: RpcClient;
  // Moves the kit's clock (cache ages, fetchedAt) without sleeping.
  let skewMs = 0;
  const clock = { now: (): number => Date.now() + skewMs };

  beforeAll(async () => {
    server = await startReplayServer({ dir: sharedFixtures('kitsu'), routes: ROUTES });
    app = await runApp(
      { app: 'connector-kitsu-test', envSchema: EnvSchema, transport: 'inprocess', processHealth: false, listen: false, modules: (env) => [ConnectorKitsuModule.forRoot(env, { clock })] },
      { LOG_LEVEL: 'silent', KITSU_BASE_URL: server.url },
    );
    rpc = app.app.get(RpcClient);
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('answers 20 concurrent identical requests with one upstream request and the real values', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => rpc.call(SourceContracts.kitsu, { id: '1517', fields: ['titles', 'synopsis', 'score', 'episodes', 'status', 'genres', 'studios', 'trailer'] })),
    );
    expect(server.requests.filter((r) => r.path === '/anime')).toHaveLength(1);
    expect(server.requests[0]?.query).toMatchObject({ 'filter[id]': '1517', include: 'categories,genres,animeProductions.producer,mediaRelationships.destination' });
    const [first] = answers;
    expectEvery(answers, (answer) => expect(answer).toEqual(first), 'the answers');
    expect(first).toMatchObject({
      source: 'kitsu',
      sourceId: '1517',
      sourceUrl: 'https://kitsu.app/anime/five-centimeters-per-second',
      stale: false,
      titles: { romaji: 'Byousoku 5 Centimeter', english: '5 Centimeters Per Second', native: '秒速５センチメートル' },
      score: { value: 76.87, scale: 100, normalized: 7.69, votes: 38834 },
      episodes: 3,
      status: 'finished',
      studios: ['CoMix Wave Films'],
      trailer: { url: 'https://www.youtube.com/watch?v=1X95eE2fwuc' },
    });
    expect(first?.genres).toEqual(expect.arrayContaining(['Romance', 'Drama', 'Slice of Life', 'School Life', 'Slow When It Comes To Love']));
    expect(first?.synopsis).toContain('Takaki Toono and Akari Shinohara');
    expect(first?.streaming).toBeUndefined();
  });

  it('serves a repeat from the cache and returns only the fields asked for', async () => {
    const before = server.requests.length;
    const answer = await rpc.call(SourceContracts.kitsu, { id: '1517', fields: ['episodes', 'score'] });
    expect(server.requests.length).toBe(before);
    expect(Object.keys(answer).sort()).toEqual(['episodes', 'fetchedAt', 'score', 'source', 'sourceId', 'sourceUrl', 'stale']);
    expect(answer.episodes).toBe(3);
  });

  it('asks /streaming-links (with the streamer included) only when streaming is requested', async () => {
    const answer = await rpc.call(SourceContracts.kitsu, { id: '1517', fields: ['streaming', 'episodes'] });
    expect(answer).toMatchObject({ sourceId: '1517', episodes: 3, streaming: [], stale: false });
    expect(server.requests.filter((r) => r.path === '/anime/1517/streaming-links')).toHaveLength(1);
    expect(server.requests.filter((r) => r.path === '/anime')).toHaveLength(1);
  });

  it('reads airing-only requests from /anime/<id> without the include tree (Cowboy Bebop)', async () => {
    const answer = await rpc.call(SourceContracts.kitsu, { id: '1', fields: ['airing'] });
    expect(answer).toMatchObject({ sourceId: '1', sourceUrl: 'https://kitsu.app/anime/cowboy-bebop', stale: false });
    // Finished in 1999: Kitsu has no next release, so there is no airing block (not an empty one).
    expect(answer.airing).toBeUndefined();
    const request = server.requests.find((r) => r.path === '/anime/1');
    expect(request?.query).toEqual({});
  });

  it('turns an upstream 404 into NotFoundError naming the id', async () => {
    const error = await rpc.call(SourceContracts.kitsu, { id: '99999999', fields: ['airing'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('99999999');
  });

  it('reports the upstream up while the breaker is closed', async () => {
    const health = await rpc.call(HEALTH_CONTRACTS['connector-kitsu'], {});
    expect(health.checks).toEqual([{ name: 'upstream', status: 'up', detail: 'breaker closed' }, { name: 'redis', status: 'up', detail: 'no Redis configured: limiter and cache per process' }, expect.objectContaining({ name: 'traffic', status: 'up', stats: expect.objectContaining({ 'kitsu.requests': expect.any(Number) }) })]);
  });

  it('fails with SourceUnavailableError when the upstream answers 500 and nothing is cached', async () => {
    server.setRoutes(FAILING);
    const before = server.requests.length;
    const error = await rpc.call(SourceContracts.kitsu, { id: '30', fields: ['score'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    // The first attempt and the kit's two retries.
    expect(server.requests.length - before).toBe(3);
  });

  it('serves the cached value marked stale when the upstream fails after the TTL, and reports the breaker', async () => {
    skewMs = 4 * DAY; // past the 3-day metadata TTL, inside its stale window
    const answer = await rpc.call(SourceContracts.kitsu, { id: '1517', fields: ['episodes', 'score'] });
    expect(answer).toMatchObject({ sourceId: '1517', stale: true, episodes: 3, score: { value: 76.87 } });
    // fetchedAt is when it really came from Kitsu (4 "days" before the skewed now).
    expect(Date.parse(answer.fetchedAt)).toBeLessThan(clock.now() - 3 * DAY);

    // 3 + 3 failed attempts: past the 5-in-a-row threshold, the breaker is open.
    const health = await rpc.call(HEALTH_CONTRACTS['connector-kitsu'], {});
    expect(health.status).toBe('degraded');
    expect(health.checks).toEqual([expect.objectContaining({ name: 'upstream', status: 'degraded', detail: expect.stringMatching(/^breaker open, next probe at \d{4}-/) }), { name: 'redis', status: 'up', detail: 'no Redis configured: limiter and cache per process' }, expect.objectContaining({ name: 'traffic', status: 'up', stats: expect.objectContaining({ 'kitsu.requests': expect.any(Number) }) })]);
  });
});
