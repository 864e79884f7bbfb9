import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HEALTH_CONTRACTS, NotFoundError, SourceContracts, SourceListContracts, SourceUnavailableError, ValidationError, type DetailField } from '@anime/contracts';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { sharedFixtures, startReplayServer, type ReplayRoute, type ReplayServer } from '@anime/testing';
import { ConnectorAnilistEnvSchema, ConnectorAnilistModule } from './index';
import { buildSearchBody, frieren, schedulePage, unlisted } from './test-support/anilist-list-bodies';

const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(ConnectorAnilistEnvSchema.shape);

const START = Date.parse('2025-07-21T10:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

/** AniList takes every query as a POST to its root; the replay server matches method + path. */
const serve = (file: string, extra: Partial<ReplayRoute> = {}): ReplayRoute => ({ method: 'POST', path: '/', file, ...extra });
const answer = (status: number, body: unknown): ReplayRoute => ({ method: 'POST', path: '/', status, body: JSON.stringify(body) });

interface Sent {
  query: string;
  variables: Record<string, unknown>;
}

const recordedMedia = (file: string): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(sharedFixtures('anilist'), file), 'utf8')) as { data: { Media: Record<string, unknown> } }).data.Media;
/** No recorded search response exists: built from the recorded Media of the same anime (see test-support). */
const searchBody = buildSearchBody(recordedMedia('tv.json'), recordedMedia('15689.json'));

describe('connector-anilist (in process, AniList replayed from recorded responses)', () => {
  let server: ReplayServer;
  let app: RunningApp;
  let rpc: RpcClient;
  let now = START;

  beforeAll(async () => {
    server = await startReplayServer({ dir: sharedFixtures('anilist'), routes: [] });
  });
  afterAll(async () => server?.close());

  // A fresh app per test: each starts with a closed breaker and an empty cache.
  beforeEach(async () => {
    now = START;
    server.requests.length = 0;
    server.setRoutes([serve('tv.json')]);
    app = await runApp(
      {
        app: 'connector-anilist-test',
        envSchema: EnvSchema,
        transport: 'inprocess',
        processHealth: false,
        listen: false,
        // The injected clock drives cache TTLs and fetchedAt; retries happen without waiting.
        modules: (env) => [ConnectorAnilistModule.forRoot(env, { clock: { now: () => now }, http: { sleep: async () => undefined } })],
      },
      { LOG_LEVEL: 'silent', ANILIST_BASE_URL: server.url },
    );
    rpc = app.app.get(RpcClient);
  });
  afterEach(async () => app?.close());

  const get = (id: string, fields: DetailField[] = []) => rpc.call(SourceContracts.anilist, { id, fields });
  const sent = (i: number): Sent => JSON.parse(server.requests[i]?.body ?? 'null') as Sent;

  it('gets Fullmetal Alchemist: Brotherhood with its real values', async () => {
    const anime = await get('5114');
    expect(anime).toMatchObject({
      source: 'anilist',
      sourceId: '5114',
      sourceUrl: 'https://anilist.co/anime/5114',
      fetchedAt: new Date(START).toISOString(),
      stale: false,
      titles: { english: 'Fullmetal Alchemist: Brotherhood', romaji: 'Hagane no Renkinjutsushi: FULLMETAL ALCHEMIST' },
      episodes: 64,
      status: 'FINISHED',
      score: { value: 90, scale: 100, normalized: 9, votes: 235_189 },
      studios: ['bones'],
      genres: ['Action', 'Adventure', 'Drama', 'Fantasy'],
    });
    expect(anime.synopsis).toMatch(/^"In order for something to be obtained, something of equal value must be lost\."\n\nAlchemy/);
    expect(anime.streaming?.map((s) => s.site)).toEqual(['Hulu', 'Crunchyroll', 'Amazon', 'Funimation', 'Netflix', 'HBO Max', 'VRV', 'iQ']);
    expect(anime.characters?.[0]).toEqual({ name: 'Edward Elric', role: 'MAIN', voiceActor: 'Romi Park' });
    expect(anime.airing).toBeUndefined();

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/' });
    expect(sent(0).variables).toEqual({ id: 5114 });
    expect(sent(0).query).toContain('Media(id: $id, type: ANIME)');
  });

  it('answers only the asked fields, from the cached static query', async () => {
    await get('5114');
    const anime = await get('5114', ['score', 'episodes']);
    expect(anime).toEqual({
      source: 'anilist',
      sourceId: '5114',
      sourceUrl: 'https://anilist.co/anime/5114',
      fetchedAt: new Date(START).toISOString(),
      stale: false,
      score: { value: 90, scale: 100, normalized: 9, votes: 235_189 },
      episodes: 64,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('asks for airing alone with the small query, cached minutes not days', async () => {
    server.setRoutes([serve('15689.json')]);
    const anime = await get('15689', ['airing']);
    // Nekomonogatari (Kuro) finished in 2012: no next episode, and none of the static fields asked.
    expect(anime).toEqual({ source: 'anilist', sourceId: '15689', sourceUrl: 'https://anilist.co/anime/15689', fetchedAt: new Date(START).toISOString(), stale: false });
    expect(sent(0).query).toContain('nextAiringEpisode');
    expect(sent(0).query).not.toContain('characterPreview');

    now += 4 * 60 * 1000;
    await get('15689', ['airing']);
    expect(server.requests).toHaveLength(1);
    now += 2 * 60 * 1000; // past the 5 min airing TTL
    await get('15689', ['airing']);
    expect(server.requests).toHaveLength(2);
  });

  it('an upstream 404 is NotFoundError naming the id', async () => {
    server.setRoutes([answer(404, { errors: [{ message: 'Not Found.', status: 404, locations: [{ line: 2, column: 3 }] }], data: { Media: null } })]);
    const call = get('99999999');
    await expect(call).rejects.toBeInstanceOf(NotFoundError);
    await expect(call).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('99999999') });
    expect(server.requests).toHaveLength(1);
  });

  it('a 200 with "Not Found." in errors is NotFoundError; any other GraphQL error is SourceUnavailableError', async () => {
    server.setRoutes([answer(200, { errors: [{ message: 'Not Found.', status: 404 }], data: { Media: null } })]);
    await expect(get('424242')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('424242') });

    server.setRoutes([answer(200, { errors: [{ message: 'Internal Server Error', status: 500 }], data: { Media: null } })]);
    const call = get('5114');
    await expect(call).rejects.toBeInstanceOf(SourceUnavailableError);
    await expect(call).rejects.toMatchObject({ message: expect.stringContaining('Internal Server Error') });
  });

  it('a 200 missing the expected structure is UpstreamChangedError naming the field', async () => {
    server.setRoutes([answer(200, { data: { Media: { id: 5114 } } })]);
    await expect(get('5114')).rejects.toMatchObject({ code: 'UPSTREAM_CHANGED', message: expect.stringContaining('data.Media.title') });
  });

  it('a 403 (API switched off) is SourceUnavailableError saying so', async () => {
    server.setRoutes([answer(403, { data: null, errors: [{ message: 'The AniList API has been temporarily disabled due to severe stability issues.', status: 403 }] })]);
    const call = get('5114');
    await expect(call).rejects.toBeInstanceOf(SourceUnavailableError);
    await expect(call).rejects.toMatchObject({ message: expect.stringMatching(/AniList API is disabled/) });
    // A refusal is not an outage: no retries.
    expect(server.requests).toHaveLength(1);
  });

  it('upstream 500s are SourceUnavailableError; once the cache is warm they serve it stale', async () => {
    server.setRoutes([{ ...answer(500, { errors: [{ message: 'Internal Server Error' }] }) }]);
    await expect(get('5114')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    expect(server.requests).toHaveLength(3); // first attempt + 2 retries

    server.setRoutes([serve('tv.json')]);
    const fresh = await get('5114');
    expect(fresh.stale).toBe(false);

    now += 4 * DAY; // past the 3-day metadata TTL, inside its stale window
    server.setRoutes([answer(500, { errors: [{ message: 'Internal Server Error' }] })]);
    const stale = await get('5114');
    expect(stale).toMatchObject({ stale: true, fetchedAt: new Date(START).toISOString(), episodes: 64, titles: { english: 'Fullmetal Alchemist: Brotherhood' } });
  });

  it('20 concurrent identical requests make 1 upstream request', async () => {
    server.setRoutes([serve('tv.json', { delayMs: 50 })]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => get('5114')));
    expect(server.requests).toHaveLength(1);
    expect(new Set(answers.map((a) => a.episodes))).toEqual(new Set([64]));
  });

  it('health: upstream up while the breaker is closed, degraded with the retry time once it opens', async () => {
    const health = () => rpc.call(HEALTH_CONTRACTS['connector-anilist'], {});
    expect((await health()).checks).toEqual([{ name: 'upstream', status: 'up', detail: 'circuit closed' }, { name: 'redis', status: 'up', detail: 'no Redis configured: limiter and cache per process' }, expect.objectContaining({ name: 'traffic', status: 'up', stats: expect.objectContaining({ 'anilist.requests': expect.any(Number) }) })]);

    server.setRoutes([answer(503, { errors: [{ message: 'Service Unavailable' }] })]);
    // 3 attempts per call; the 5th consecutive failure opens the breaker.
    await expect(get('5114')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    await expect(get('5114')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    expect(server.requests).toHaveLength(5);

    const report = await health();
    expect(report.status).toBe('degraded');
    expect(report.checks[0]).toMatchObject({ name: 'upstream', status: 'degraded', detail: expect.stringContaining(`next attempt at ${new Date(START + 30_000).toISOString()}`) });
    // While open it fails fast without calling AniList.
    await expect(get('5114')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', details: expect.objectContaining({ reason: 'breaker-open' }) });
    expect(server.requests).toHaveLength(5);
  });

  it('a non-numeric id is a ValidationError without any upstream call', async () => {
    await expect(get('fma')).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
  it('get: episode list, recommendations and statistics from the same single request', async () => {
    const anime = await get('5114', ['episode-list', 'recommendations', 'statistics']);
    expect(Object.keys(anime).sort()).toEqual(['episode-list', 'fetchedAt', 'recommendations', 'source', 'sourceId', 'sourceUrl', 'stale', 'statistics']);
    expect(anime['episode-list']).toHaveLength(64);
    expect(anime['episode-list']?.[2]).toEqual({ number: 3, title: 'City of Heresy' });
    expect(anime.recommendations?.slice(0, 2)).toEqual([
      { sourceId: '11061', title: 'HUNTER×HUNTER (2011)', votes: 2556 },
      { sourceId: '104578', title: 'Shingeki no Kyojin 3 Part 2', votes: 323 },
    ]);
    expect(anime.statistics).toEqual({ CURRENT: 30_382, PLANNING: 99_496, COMPLETED: 315_315, DROPPED: 8_039, PAUSED: 19_892 });
    expect(server.requests).toHaveLength(1);
    expect(sent(0).query).toContain('recommendations(perPage: 10, sort: [RATING_DESC, ID])');
    expect(sent(0).query).toContain('statusDistribution { status amount }');
    expect(sent(0).query).toContain('streamingEpisodes { site url title }');

    // The default answer stays the cheap fields, served from the same cached query.
    const plain = await get('5114');
    expect(plain.recommendations).toBeUndefined();
    expect(plain.statistics).toBeUndefined();
    expect(plain['episode-list']).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('get: a 200 without stats.statusDistribution is UpstreamChangedError naming it', async () => {
    const body = JSON.parse(readFileSync(join(sharedFixtures('anilist'), 'tv.json'), 'utf8')) as { data: { Media: { stats: Record<string, unknown> } } };
    delete body.data.Media.stats['statusDistribution'];
    server.setRoutes([answer(200, body)]);
    await expect(get('5114', ['statistics'])).rejects.toMatchObject({ code: 'UPSTREAM_CHANGED', message: expect.stringContaining('data.Media.stats.statusDistribution') });
  });

  describe('source.v1.anilist.search', () => {
    const search = (query: string, limit?: number) => rpc.call(SourceListContracts.anilistSearch, { query, ...(limit === undefined ? {} : { limit }) });

    it('answers the hits with their real values, and sends the search query with the limit', async () => {
      server.setRoutes([answer(200, searchBody)]);
      const result = await search('  fullmetal alchemist ', 3);
      expect(result).toEqual({
        fetchedAt: new Date(START).toISOString(),
        stale: false,
        items: [
          {
            sourceId: '5114',
            sourceUrl: 'https://anilist.co/anime/5114',
            title: 'Hagane no Renkinjutsushi: FULLMETAL ALCHEMIST',
            score: { value: 90, scale: 100, normalized: 9 },
            episodes: 64,
            year: 2009,
            type: 'TV',
          },
          { sourceId: '15689', sourceUrl: 'https://anilist.co/anime/15689', title: 'Nekomonogatari (Kuro)', score: { value: 77, scale: 100, normalized: 7.7 }, episodes: 4, year: 2012, type: 'TV' },
          { sourceId: '999001', sourceUrl: 'https://anilist.co/anime/999001', title: 'Mitei no Anime', episodes: null },
        ],
      });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/' });
      expect(sent(0).variables).toEqual({ query: 'fullmetal alchemist', limit: 3 });
      expect(sent(0).query).toContain('Page(perPage: $limit)');
      expect(sent(0).query).toContain('media(search: $query, type: ANIME)');

      // Cached as metadata: the same search a day later does not call AniList.
      now += DAY;
      await search('fullmetal alchemist', 3);
      expect(server.requests).toHaveLength(1);
    });

    it('upstream down is SourceUnavailableError; with a cached answer it is served stale', async () => {
      server.setRoutes([answer(503, { errors: [{ message: 'Service Unavailable' }] })]);
      await expect(search('frieren')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
      expect(sent(0).variables).toEqual({ query: 'frieren', limit: 10 });

      server.setRoutes([answer(200, searchBody)]);
      expect((await search('fullmetal')).stale).toBe(false);
      now += 4 * DAY; // past the 3-day metadata TTL
      server.setRoutes([answer(500, { errors: [{ message: 'Internal Server Error' }] })]);
      const stale = await search('fullmetal');
      expect(stale).toMatchObject({ stale: true, fetchedAt: new Date(START).toISOString() });
      expect(stale.items.map((i) => i.sourceId)).toEqual(['5114', '15689', '999001']);
    });

    it('a 200 without data.Page.media is UpstreamChangedError; GraphQL errors are SourceUnavailableError', async () => {
      server.setRoutes([answer(200, { data: { Page: {} } })]);
      await expect(search('frieren')).rejects.toMatchObject({ code: 'UPSTREAM_CHANGED', message: expect.stringContaining('data.Page.media') });
      server.setRoutes([answer(200, { errors: [{ message: 'Internal Server Error', status: 500 }], data: null })]);
      await expect(search('bebop')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('Internal Server Error') });
    });
  });

  describe('source.v1.anilist.schedule', () => {
    const schedule = (from: string, to: string) => rpc.call(SourceListContracts.anilistSchedule, { from, to });

    it('answers the window in air-time order with MAL ids, and sends it as epoch seconds', async () => {
      server.setRoutes([answer(200, schedulePage(false, [unlisted, frieren]))]);
      const result = await schedule('2025-01-16T16:00:00Z', '2025-01-17T00:00:00+01:00');
      expect(result).toEqual({
        fetchedAt: new Date(START).toISOString(),
        stale: false,
        items: [
          { sourceId: '154587', sourceUrl: 'https://anilist.co/anime/154587', title: 'Sousou no Frieren', episode: 20, airingAt: '2025-01-16T16:00:00.000Z', malId: '52991' },
          { sourceId: '999002', sourceUrl: 'https://anilist.co/anime/999002', title: 'Only English', episode: 1, airingAt: '2025-01-16T16:30:00.000Z' },
        ],
      });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/' });
      // airingAt_greater is exclusive upstream: one second before `from`, so an episode at `from` is included.
      expect(sent(0).variables).toEqual({ from: 1_737_043_199, to: 1_737_068_400, page: 1 });
      expect(sent(0).query).toContain('airingSchedules(airingAt_greater: $from, airingAt_lesser: $to, sort: TIME)');
      expect(sent(0).query).toContain('pageInfo { hasNextPage }');
    });

    it('follows hasNextPage up to 4 pages, listing an episode seen twice once', async () => {
      // The replay server cannot tell pages apart (same POST /): every page says there is more.
      server.setRoutes([answer(200, schedulePage(true, [frieren]))]);
      const result = await schedule('2025-01-16T00:00:00Z', '2025-01-23T00:00:00Z');
      expect(server.requests.map((_, i) => sent(i).variables['page'])).toEqual([1, 2, 3, 4]);
      expect(result.items).toEqual([
        { sourceId: '154587', sourceUrl: 'https://anilist.co/anime/154587', title: 'Sousou no Frieren', episode: 20, airingAt: '2025-01-16T16:00:00.000Z', malId: '52991' },
      ]);
    });

    it('a window that ends before it starts is ValidationError without any upstream call', async () => {
      await expect(schedule('2025-01-17T00:00:00Z', '2025-01-16T00:00:00Z')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('must be before') });
      expect(server.requests).toHaveLength(0);
    });

    it('a page without pageInfo is UpstreamChangedError; upstream down is SourceUnavailableError', async () => {
      server.setRoutes([answer(200, { data: { Page: { airingSchedules: [] } } })]);
      await expect(schedule('2025-01-16T00:00:00Z', '2025-01-17T00:00:00Z')).rejects.toMatchObject({ code: 'UPSTREAM_CHANGED', message: expect.stringContaining('data.Page.pageInfo.hasNextPage') });
      server.setRoutes([answer(502, { errors: [{ message: 'Bad Gateway' }] })]);
      await expect(schedule('2025-01-18T00:00:00Z', '2025-01-19T00:00:00Z')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    });

    it('cached 15 minutes as schedule, then served stale while AniList fails', async () => {
      server.setRoutes([answer(200, schedulePage(false, [frieren]))]);
      await schedule('2025-01-16T00:00:00Z', '2025-01-17T00:00:00Z');
      now += 14 * 60 * 1000;
      await schedule('2025-01-16T00:00:00Z', '2025-01-17T00:00:00Z');
      expect(server.requests).toHaveLength(1);
      now += 2 * 60 * 1000;
      server.setRoutes([answer(500, { errors: [{ message: 'Internal Server Error' }] })]);
      const stale = await schedule('2025-01-16T00:00:00Z', '2025-01-17T00:00:00Z');
      expect(stale).toMatchObject({ stale: true, fetchedAt: new Date(START).toISOString(), items: [{ sourceId: '154587', episode: 20 }] });
    });
  });
});
