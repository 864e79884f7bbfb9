import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SourceContracts, SourceListContracts, SourceUnavailableError, UpstreamChangedError } from '@anime/contracts';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { sharedFixtures, startReplayServer, type ReplayRoute, type ReplayServer } from '@anime/testing';
import { ConnectorKitsuEnvSchema } from './connector-kitsu.env';
import { ConnectorKitsuModule } from './connector-kitsu.module';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixture copies are altered at any depth
type Json = Record<string, any>;
const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(ConnectorKitsuEnvSchema.shape);
const DAY = 24 * 60 * 60 * 1000;
const INCLUDE = 'categories,genres,animeProductions.producer,mediaRelationships.destination';
const load = (file: string): Json => JSON.parse(readFileSync(join(sharedFixtures('kitsu'), file), 'utf8')) as Json;

const dump = load('kitsu_cowboy_bebop_dump.json');
const fiveCm = load('1517.json');

// Served documents. The resources are the recorded ones; where no recorded response of an
// endpoint exists, its JSON:API envelope is built here in Kitsu's documented collection shape.
// - /anime?filter[text]=: no recording; a collection of the two recorded anime resources.
const SEARCH = { data: [dump['anime'], fiveCm['data'][0]], meta: { count: 2 }, links: {} };
const SEARCH_CHANGED = structuredClone(SEARCH);
delete SEARCH_CHANGED.data[1].attributes.canonicalTitle;
// - /anime?filter[id]=1&include=…: the dump has the bare /anime/1 resource and its 10 categories
//   without the include linkage, so the linkage is added here (categories → the 10 recorded ones;
//   genres and productions empty: not recorded, and not asked for by these tests).
const BEBOP = structuredClone(dump['anime']) as Json;
BEBOP['relationships']['categories'] = { data: dump['categories'].map((c: Json) => ({ type: 'categories', id: c['id'] })) };
BEBOP['relationships']['genres'] = { data: [] };
BEBOP['relationships']['animeProductions'] = { data: [] };
const BEBOP_DOCUMENT = { data: [BEBOP], included: dump['categories'], meta: { count: 1 }, links: {} };
// - /anime/1/episodes: the 10 recorded episodes in the collection envelope (Kitsu counts 26).
const EPISODES = { data: dump['episodes'], meta: { count: 26 }, links: {} };
// - 1517.json re-numbered as anime 2 with userCount turned into a string: a format change.
const STATS_CHANGED = structuredClone(fiveCm);
STATS_CHANGED['data'][0]['id'] = '2';
STATS_CHANGED['data'][0]['attributes']['userCount'] = '70608';

const ROUTES: ReplayRoute[] = [
  { path: '/anime', query: { 'filter[text]': 'cowboy bebop' }, body: JSON.stringify(SEARCH) },
  { path: '/anime', query: { 'filter[text]': 'changed' }, body: JSON.stringify(SEARCH_CHANGED) },
  { path: '/anime', query: { 'filter[id]': '1', include: INCLUDE }, body: JSON.stringify(BEBOP_DOCUMENT) },
  { path: '/anime', query: { 'filter[id]': '1517', include: INCLUDE }, file: '1517.json' },
  { path: '/anime', query: { 'filter[id]': '2', include: INCLUDE }, body: JSON.stringify(STATS_CHANGED) },
  { path: '/anime/1/episodes', query: { 'page[limit]': '20', sort: 'number' }, body: JSON.stringify(EPISODES) },
  { path: '/anime/1517/episodes', status: 503, body: '{"errors":[{"status":"503","title":"Service Unavailable"}]}' },
];
const FAILING: ReplayRoute[] = [{ path: /.*/, status: 500, body: '{"errors":[{"status":"500","title":"Internal Server Error"}]}' }];

const BEBOP_ITEM = {
  sourceId: '1',
  sourceUrl: 'https://kitsu.app/anime/cowboy-bebop',
  title: 'Cowboy Bebop',
  score: { value: 82.23, scale: 100, normalized: 8.22, votes: 82746 },
  episodes: 26,
  year: 1998,
  type: 'TV',
};
const FIVE_CM_ITEM = {
  sourceId: '1517',
  sourceUrl: 'https://kitsu.app/anime/five-centimeters-per-second',
  title: '5 Centimeters Per Second',
  score: { value: 76.87, scale: 100, normalized: 7.69, votes: 38834 },
  episodes: 3,
  year: 2007,
  type: 'movie',
};

describe('connector-kitsu search, episode list and statistics (in process, Kitsu replayed)', () => {
  let server: ReplayServer;
  let app: RunningApp;
  let rpc: RpcClient;
  let skewMs = 0;
  const clock = { now: (): number => Date.now() + skewMs };

  beforeAll(async () => {
    server = await startReplayServer({ dir: sharedFixtures('kitsu'), routes: ROUTES });
    app = await runApp(
      { app: 'connector-kitsu-lists-test', envSchema: EnvSchema, transport: 'inprocess', processHealth: false, listen: false, modules: (env) => [ConnectorKitsuModule.forRoot(env, { clock })] },
      { LOG_LEVEL: 'silent', KITSU_BASE_URL: server.url },
    );
    rpc = app.app.get(RpcClient);
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('search: sends filter[text] and page[limit] to /anime and answers the hits with real values', async () => {
    const answer = await rpc.call(SourceListContracts.kitsuSearch, { query: '  cowboy bebop ', limit: 2 });
    expect(answer).toEqual({ items: [BEBOP_ITEM, FIVE_CM_ITEM], fetchedAt: expect.any(String), stale: false });
    expect(Date.parse(answer.fetchedAt)).not.toBeNaN();
    const request = server.requests.at(-1);
    expect(request).toMatchObject({ method: 'GET', path: '/anime', query: { 'filter[text]': 'cowboy bebop', 'page[limit]': '2' } });
  });

  it('search: caps page[limit] at Kitsu’s 20 when more is asked, and caches per query and limit', async () => {
    await rpc.call(SourceListContracts.kitsuSearch, { query: 'cowboy bebop', limit: 25 });
    expect(server.requests.at(-1)?.query).toEqual({ 'filter[text]': 'cowboy bebop', 'page[limit]': '20' });
    const before = server.requests.length;
    await rpc.call(SourceListContracts.kitsuSearch, { query: 'cowboy bebop', limit: 2 });
    expect(server.requests.length).toBe(before);
  });

  it('search: a hit without its canonical title is an UpstreamChangedError naming the field', async () => {
    const error = await rpc.call(SourceListContracts.kitsuSearch, { query: 'changed', limit: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamChangedError);
    expect((error as Error).message).toContain('data.1.attributes.canonicalTitle');
  });

  it('get episode-list + statistics: reads /anime/1/episodes sorted by number next to the anime (Cowboy Bebop)', async () => {
    const answer = await rpc.call(SourceContracts.kitsu, { id: '1', fields: ['episode-list', 'statistics'] });
    expect(answer).toEqual({
      source: 'kitsu',
      sourceId: '1',
      sourceUrl: 'https://kitsu.app/anime/cowboy-bebop',
      fetchedAt: expect.any(String),
      stale: false,
      statistics: { userCount: 160124, favoritesCount: 5133, ratingRank: 160, popularityRank: 44 },
      'episode-list': [
        { number: 1, title: 'Asteroid Blues', aired: '1998-10-23' },
        { number: 2, title: 'Stray Dog Strut', aired: '1998-10-30' },
        { number: 3, title: 'Honky Tonk Women', aired: '1998-11-06' },
        { number: 4, title: 'Gateway Shuffle', aired: '1998-11-13' },
        { number: 5, title: 'Ballad of Fallen Angels', aired: '1998-11-20' },
        { number: 6, title: 'Sympathy for the Devil', aired: '1998-11-27' },
        { number: 7, title: 'Heavy Metal Queen', aired: '1998-12-04' },
        { number: 8, title: 'Waltz for Venus', aired: '1998-12-11' },
        { number: 9, title: 'Jamming with Edward', aired: '1998-12-18' },
        { number: 10, title: 'Ganymede Elegy', aired: '1999-01-01' },
      ],
    });
    const episodes = server.requests.filter((r) => r.path === '/anime/1/episodes');
    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.query).toEqual({ 'page[limit]': '20', sort: 'number' });
    expect(server.requests.filter((r) => r.path === '/anime' && r.query['filter[id]'] === '1')).toHaveLength(1);
  });

  it('get statistics: from the anime document alone, without asking for episodes (5 Centimeters per Second)', async () => {
    const answer = await rpc.call(SourceContracts.kitsu, { id: '1517', fields: ['statistics'] });
    expect(answer.statistics).toEqual({ userCount: 70608, favoritesCount: 963, ratingRank: 1597, popularityRank: 162 });
    expect(Object.keys(answer).sort()).toEqual(['fetchedAt', 'source', 'sourceId', 'sourceUrl', 'stale', 'statistics']);
    expect(server.requests.find((r) => r.path === '/anime' && r.query['filter[id]'] === '1517')?.query).toMatchObject({ include: INCLUDE });
    expect(server.requests.some((r) => r.path === '/anime/1517/episodes')).toBe(false);
  });

  it('get statistics: a counter sent as a string is an UpstreamChangedError naming the field', async () => {
    const error = await rpc.call(SourceContracts.kitsu, { id: '2', fields: ['statistics'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamChangedError);
    expect((error as Error).message).toContain('data.0.attributes.userCount');
  });

  it('get episode-list: the episodes endpoint down fails the call with SourceUnavailableError even with the anime cached', async () => {
    const before = server.requests.length;
    const error = await rpc.call(SourceContracts.kitsu, { id: '1517', fields: ['episode-list'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    // The anime came from the cache; the episodes were tried once and retried twice.
    const sent = server.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(['/anime/1517/episodes', '/anime/1517/episodes', '/anime/1517/episodes']);
  });

  it('search and get: serve the cached answers marked stale when Kitsu fails after the TTL', async () => {
    server.setRoutes(FAILING);
    skewMs = 4 * DAY; // past the 3-day metadata TTL, inside its stale window
    const search = await rpc.call(SourceListContracts.kitsuSearch, { query: 'cowboy bebop', limit: 2 });
    expect(search).toMatchObject({ items: [BEBOP_ITEM, FIVE_CM_ITEM], stale: true });
    expect(Date.parse(search.fetchedAt)).toBeLessThan(clock.now() - 3 * DAY);
    const get = await rpc.call(SourceContracts.kitsu, { id: '1', fields: ['episode-list', 'statistics'] });
    expect(get).toMatchObject({ sourceId: '1', stale: true, statistics: { userCount: 160124 } });
    expect(get['episode-list']).toHaveLength(10);
  });
});
