import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NotFoundError, SourceContracts, SourceListContracts, SourceUnavailableError, UpstreamChangedError, ValidationError, type AppError } from '@anime/contracts';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { sharedFixtures, startReplayServer, type RecordedRequest, type ReplayRoute, type ReplayServer } from '@anime/testing';
import { documentedEpisodesBody, documentedRecommendationsBody, documentedStatisticsBody } from './jikan-extras.fixtures';
import { ConnectorJikanEnvSchema, ConnectorJikanModule } from './index';

const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(ConnectorJikanEnvSchema.shape);
const TUESDAY = 'anime-next_program_data.js__schedules_tuesday.json';
// Error bodies in the shape Jikan v4 documents for its errors.
const jikanError = (status: number, type: string, message: string): string => JSON.stringify({ status, type, message, error: null });
const serverError = jikanError(500, 'InternalException', 'Unhandled Exception');
const notFound = jikanError(404, 'BadResponseException', 'Resource does not exist');
const malDown = jikanError(504, 'BadResponseException', 'Jikan failed to connect to MyAnimeList.net. MyAnimeList.net may be down/unavailable, refuses to connect or took too long to respond. Retry the request later.');

const baseRoutes: ReplayRoute[] = [
  { path: '/v4/anime', query: { q: 'riddle' }, file: 'getAnimeSearch.json' },
  { path: '/v4/anime', query: { q: 'down' }, status: 500, body: serverError },
  { path: '/v4/top/anime', file: 'getTopAnime.json' },
  { path: '/v4/seasons/now', file: 'getSeasonNow.json' },
  // The same recording (winter 2022 is when that season ran) for the explicit-season path.
  { path: '/v4/seasons/2022/winter', file: 'getSeasonNow.json' },
  { path: '/v4/seasons/2021/fall', status: 504, body: malDown },
  { path: '/v4/schedules', query: { filter: 'tuesday' }, file: TUESDAY },
  // Recorded /schedules page trimmed to 1 item that still says "page 1 of 6, more to come".
  { path: '/v4/schedules', query: { filter: 'monday' }, file: 'getSchedules.json' },
  { path: '/v4/schedules', query: { filter: 'friday' }, status: 500, body: serverError },
  // Built in Jikan's documented shape (no recordings exist for these; see jikan-extras.fixtures.ts).
  { path: '/v4/anime/1/episodes', body: JSON.stringify(documentedEpisodesBody) },
  { path: '/v4/anime/1/recommendations', body: JSON.stringify(documentedRecommendationsBody) },
  { path: '/v4/anime/1/statistics', body: JSON.stringify(documentedStatisticsBody) },
  { path: '/v4/anime/999999/episodes', status: 404, body: notFound },
];

describe('connector-jikan search / schedule / season / top / extra fields (in-process, Jikan replayed)', () => {
  let server: ReplayServer;
  let app: RunningApp;
  let rpc: RpcClient;
  let offsetMs = 0;
  const clock = { now: (): number => Date.now() + offsetMs };
  const sent = (from: number): Pick<RecordedRequest, 'path' | 'query'>[] => server.requests.slice(from).map(({ path, query }) => ({ path, query }));

  beforeAll(async () => {
    server = await startReplayServer({ dir: sharedFixtures('jikan'), routes: baseRoutes });
    app = await runApp(
      {
        app: 'connector-jikan-lists-test',
        envSchema: EnvSchema,
        transport: 'inprocess',
        processHealth: false,
        listen: false,
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

  it('search: sends /anime?q=&limit= and answers the recorded hit, then serves a repeat from cache', async () => {
    const before = server.requests.length;
    const answer = await rpc.call(SourceListContracts.jikanSearch, { query: 'riddle', limit: 1 });
    expect(sent(before)).toEqual([{ path: '/v4/anime', query: { q: 'riddle', limit: '1' } }]);
    expect(answer.stale).toBe(false);
    expect(answer.items).toEqual([
      {
        sourceId: '24751',
        sourceUrl: 'https://myanimelist.net/anime/24751/Akuma_no_Riddle__Shousha_wa_Dare_Nukiuchi_Test',
        title: 'Akuma no Riddle: Shousha wa Dare? Nukiuchi Test',
        score: { value: 6.52, scale: 10, normalized: 6.52, votes: 18674 },
        episodes: 1,
        year: 2014,
        type: 'Special',
      },
    ]);
    await expect(rpc.call(SourceListContracts.jikanSearch, { query: 'riddle', limit: 1 })).resolves.toEqual(answer);
    expect(server.requests.length).toBe(before + 1);
  });

  it('search: an upstream 500 with nothing cached is SourceUnavailableError', async () => {
    const error = await rpc.call(SourceListContracts.jikanSearch, { query: 'down', limit: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as AppError).details).toMatchObject({ source: 'jikan', status: 500 });
  });

  it('top: sends /top/anime?limit= and answers Fullmetal Alchemist: Brotherhood', async () => {
    const before = server.requests.length;
    const answer = await rpc.call(SourceListContracts.jikanTop, { limit: 1 });
    expect(sent(before)).toEqual([{ path: '/v4/top/anime', query: { limit: '1' } }]);
    expect(answer.items).toEqual([
      {
        sourceId: '5114',
        sourceUrl: 'https://myanimelist.net/anime/5114/Fullmetal_Alchemist__Brotherhood',
        title: 'Fullmetal Alchemist: Brotherhood',
        score: { value: 9.15, scale: 10, normalized: 9.15, votes: 1690301 },
        episodes: 64,
        year: 2009,
        type: 'TV',
      },
    ]);
  });

  it('top: a 404 from a list endpoint is UpstreamChangedError naming the path', async () => {
    server.setRoutes([{ path: '/v4/top/anime', status: 404, body: notFound }, ...baseRoutes]);
    const error = await rpc.call(SourceListContracts.jikanTop, { limit: 3 }).catch((e: unknown) => e);
    server.setRoutes(baseRoutes);
    expect(error).toBeInstanceOf(UpstreamChangedError);
    expect((error as AppError).details).toMatchObject({ source: 'jikan', path: '/top/anime' });
  });

  it('season: /seasons/now by default, /seasons/{year}/{season} when given', async () => {
    const before = server.requests.length;
    const now = await rpc.call(SourceListContracts.jikanSeason, {});
    const winter = await rpc.call(SourceListContracts.jikanSeason, { year: 2022, season: 'winter', limit: 5 });
    expect(sent(before)).toEqual([
      { path: '/v4/seasons/now', query: { limit: '25' } },
      { path: '/v4/seasons/2022/winter', query: { limit: '5' } },
    ]);
    expect(now.items).toEqual(winter.items);
    expect(now.items).toEqual([
      {
        sourceId: '48583',
        sourceUrl: 'https://myanimelist.net/anime/48583/Shingeki_no_Kyojin__The_Final_Season_Part_2',
        title: 'Shingeki no Kyojin: The Final Season Part 2',
        score: { value: 9.15, scale: 10, normalized: 9.15, votes: 154863 },
        episodes: null,
        year: 2022,
        type: 'TV',
      },
    ]);
  });

  it("season: Jikan's 504 (MyAnimeList down) is SourceUnavailableError; a year without a season is rejected unsent", async () => {
    const error = await rpc.call(SourceListContracts.jikanSeason, { year: 2021, season: 'fall' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toMatch(/MyAnimeList is down/);
    const before = server.requests.length;
    await expect(rpc.call(SourceListContracts.jikanSeason, { year: 2021 })).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests.length).toBe(before);
  });

  it('schedule: Tuesday 2024-07-09 06:00–23:59 JST reads only the Tuesday list and places its 6 shows after 06:00', async () => {
    const before = server.requests.length;
    const answer = await rpc.call(SourceListContracts.jikanSchedule, { from: '2024-07-09T06:00:00+09:00', to: '2024-07-09T23:59:59+09:00' });
    expect(sent(before)).toEqual([{ path: '/v4/schedules', query: { filter: 'tuesday' } }]);
    expect(answer.stale).toBe(false);
    expect(answer.items.map((i) => [i.airingAt, i.malId, i.title])).toEqual([
      ['2024-07-08T22:30:00.000Z', '41458', 'Origami Ninja Koyankinte'],
      ['2024-07-09T09:45:00.000Z', '42295', 'Fushigi Dagashiya: Zenitendou'],
      ['2024-07-09T13:30:00.000Z', '58926', 'Egumi Legacy'],
      ['2024-07-09T13:45:00.000Z', '57217', 'Katsute Mahou Shoujo to Aku wa Tekitai shiteita.'],
      ['2024-07-09T14:00:00.000Z', '58272', 'Boku no Tsuma wa Kanjou ga Nai'],
      ['2024-07-09T14:30:00.000Z', '52367', 'Isekai Shikkaku'],
    ]);
    expect(answer.items[5]).toEqual({ sourceId: '52367', sourceUrl: 'https://myanimelist.net/anime/52367/Isekai_Shikkaku', title: 'Isekai Shikkaku', airingAt: '2024-07-09T14:30:00.000Z', malId: '52367' });
  });

  it("schedule: from Tuesday 00:00 JST also reads Monday's list (late-night slots), following its pages up to 4", async () => {
    const before = server.requests.length;
    const answer = await rpc.call(SourceListContracts.jikanSchedule, { from: '2024-07-08T15:00:00Z', to: '2024-07-09T14:59:59Z' });
    expect(sent(before)).toEqual([
      { path: '/v4/schedules', query: { filter: 'monday' } },
      { path: '/v4/schedules', query: { filter: 'monday', page: '2' } },
      { path: '/v4/schedules', query: { filter: 'monday', page: '3' } },
      { path: '/v4/schedules', query: { filter: 'monday', page: '4' } },
      // Tuesday page 1 is already cached from the previous call.
    ]);
    // Monday's only (recorded) entry has no known slot; all 9 Tuesday shows fall in the day.
    expect(answer.items).toHaveLength(9);
    expect(answer.items[0]).toMatchObject({ title: 'Shy 2nd Season', airingAt: '2024-07-08T15:00:00.000Z' });
  });

  it('schedule: a reversed window is ValidationError without a request; a failing day with nothing cached is SourceUnavailableError', async () => {
    const before = server.requests.length;
    await expect(rpc.call(SourceListContracts.jikanSchedule, { from: '2024-07-10T00:00:00Z', to: '2024-07-09T00:00:00Z' })).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests.length).toBe(before);
    // Friday 2024-07-12 12:00–18:00 JST.
    const error = await rpc.call(SourceListContracts.jikanSchedule, { from: '2024-07-12T03:00:00Z', to: '2024-07-12T09:00:00Z' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(sent(before)).toEqual([{ path: '/v4/schedules', query: { filter: 'friday' } }]);
  });

  it('get: episode-list, recommendations and statistics each from their own endpoint, only when asked (bodies in documented shape)', async () => {
    const before = server.requests.length;
    const answer = await rpc.call(SourceContracts.jikan, { id: '1', fields: ['episode-list', 'recommendations', 'statistics'] });
    expect(sent(before).map((r) => r.path).sort()).toEqual(['/v4/anime/1/episodes', '/v4/anime/1/recommendations', '/v4/anime/1/statistics']);
    expect(answer['episode-list']).toEqual([
      { number: 1, title: 'Asteroid Blues', aired: '1998-10-24T00:00:00+00:00' },
      { number: 2, title: 'Stray Dog Strut', aired: '1998-10-31T00:00:00+00:00' },
      { number: 3, title: 'Honky Tonk Women' },
    ]);
    expect(answer.recommendations).toEqual([
      { sourceId: '205', title: 'Samurai Champloo', votes: 166 },
      { sourceId: '6', title: 'Trigun', votes: 98 },
    ]);
    expect(answer.statistics).toMatchObject({ watching: 140129, completed: 1000561, total: 1595840, score_10_votes: 401829 });
    expect(answer.titles).toBeUndefined();

    const onlyStats = await rpc.call(SourceContracts.jikan, { id: '1', fields: ['statistics'] });
    expect(server.requests.length).toBe(before + 3); // cached
    expect(Object.keys(onlyStats).sort()).toEqual(['fetchedAt', 'source', 'sourceId', 'sourceUrl', 'stale', 'statistics']);
  });

  it('get: a 404 from /anime/{id}/episodes is NotFoundError naming the id', async () => {
    const error = await rpc.call(SourceContracts.jikan, { id: '999999', fields: ['episode-list'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as AppError).details).toMatchObject({ source: 'jikan', id: '999999' });
  });

  it('schedule: serves the cached Tuesday list marked stale once it is past its 15 min TTL and Jikan fails', async () => {
    const fresh = await rpc.call(SourceListContracts.jikanSchedule, { from: '2024-07-09T06:00:00+09:00', to: '2024-07-09T23:59:59+09:00' });
    server.setRoutes([{ path: '/v4/schedules', status: 500, body: serverError }]);
    offsetMs = 20 * 60_000;
    const before = server.requests.length;
    const stale = await rpc.call(SourceListContracts.jikanSchedule, { from: '2024-07-09T06:00:00+09:00', to: '2024-07-09T23:59:59+09:00' });
    server.setRoutes(baseRoutes);
    expect(sent(before)).toEqual([{ path: '/v4/schedules', query: { filter: 'tuesday' } }]);
    expect(stale).toEqual({ ...fresh, stale: true });
    expect(stale.items).toHaveLength(6);
  });
});
