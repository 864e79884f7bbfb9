import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, HEALTH_CONTRACTS, SourceContracts } from '@anime/contracts';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { sharedFixtures, startReplayServer, testNatsUrl, uniquePrefix, type ReplayServer } from '@anime/testing';
import { ConnectorScrapersEnvSchema } from './connector-scrapers.env';
import { ConnectorScrapersModule } from './connector-scrapers.module';

const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(ConnectorScrapersEnvSchema.shape);
const fixture = (site: string, file: string): string => readFileSync(join(sharedFixtures(site), file), 'utf8');
const withoutJsonLd = (html: string): string => html.replace(/<script[^>]*application\/ld\+json[^>]*>[\s\S]*?<\/script>/g, '');

async function failure(call: Promise<unknown>): Promise<AppError> {
  const error: unknown = await call.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

// Each site on its own replay server (its own host: 127.0.0.1:<port>), the service on real NATS.
describe('connector-scrapers on NATS (five sites replayed from real pages)', () => {
  const servers: Record<'animeplanet' | 'livechart' | 'anisearch' | 'ann' | 'simkl', ReplayServer> = {} as never;
  let elsewhere: ReplayServer;
  let app: RunningApp;
  let rpc: RpcClient;

  beforeAll(async () => {
    const html = { 'content-type': 'text/html; charset=utf-8' };
    // `elsewhere` is a host that is not configured: a redirect there must be refused.
    servers.animeplanet = await startReplayServer({ dir: sharedFixtures('anime-planet'), routes: [] });
    elsewhere = await startReplayServer({ dir: sharedFixtures('anime-planet'), routes: [{ path: /.*/, file: 'tv.html', headers: html }] });
    servers.animeplanet.setRoutes([
      { path: '/anime/fullmetal-alchemist-brotherhood', file: 'tv.html', headers: html },
      { path: '/anime/no-json-ld', body: withoutJsonLd(fixture('anime-planet', 'tv.html')), headers: html },
      { path: '/anime/moved', status: 302, headers: { location: `${elsewhere.url}/anime/fullmetal-alchemist-brotherhood` }, body: '' },
    ]);
    servers.livechart = await startReplayServer({ dir: sharedFixtures('livechart'), routes: [{ path: /^\/anime\/(3437|1)$/, file: '3437.html', headers: html }] });
    servers.anisearch = await startReplayServer({ dir: sharedFixtures('anisearch'), routes: [{ path: '/anime/3633', file: '3633.html', headers: html }] });
    servers.ann = await startReplayServer({
      dir: sharedFixtures('animenewsnetwork'),
      routes: [
        { path: '/encyclopedia/api.xml', query: { anime: '4658' }, file: 'api_xml_anime_4658', headers: { 'content-type': 'text/xml' } },
        // No recorded api.xml for Death Note: ANN's API fails there, so the HTML page must answer.
        { path: '/encyclopedia/api.xml', query: { anime: '6592' }, status: 503, body: 'Service Unavailable' },
        { path: '/encyclopedia/anime.php', query: { id: '6592' }, file: '6592.html', headers: html },
      ],
    });
    servers.simkl = await startReplayServer({ dir: sharedFixtures('simkl'), routes: [{ path: '/anime/41586', file: '41586.html', headers: html }] });
    app = await runApp(
      { app: 'connector-scrapers-test', envSchema: EnvSchema, processHealth: false, listen: false, modules: (env) => [ConnectorScrapersModule.forRoot(env)] },
      {
        LOG_LEVEL: 'silent',
        NATS_URL: testNatsUrl(),
        SUBJECT_PREFIX: uniquePrefix('scrapers'),
        ANIMEPLANET_BASE_URL: servers.animeplanet.url,
        LIVECHART_BASE_URL: servers.livechart.url,
        ANISEARCH_BASE_URL: servers.anisearch.url,
        ANN_BASE_URL: servers.ann.url,
        SIMKL_BASE_URL: servers.simkl.url,
      },
    );
    rpc = app.app.get(RpcClient);
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await Promise.all([...Object.values(servers), elsewhere].map((s) => s?.close()));
  });

  it('Anime-Planet: rating on its 5-star scale, tags and related anime, through got-scraping', async () => {
    const anime = await rpc.call(SourceContracts.animeplanet, { id: 'fullmetal-alchemist-brotherhood', fields: ['score', 'tags', 'related'] });
    expect(anime).toMatchObject({ source: 'animeplanet', sourceId: 'fullmetal-alchemist-brotherhood', stale: false, score: { value: 4.571, scale: 5, votes: 81874 } });
    expect(anime.tags).toHaveLength(15);
    expect(anime.related).toHaveLength(7);
    expect(anime.synopsis).toBeUndefined(); // only the fields asked for
    // got-scraping sends browser-like headers; the kit's User-Agent still says who we are.
    expect(servers.animeplanet.requests[0]?.headers['user-agent']).toMatch(/^anime-mcp-server\//);
    expect(servers.animeplanet.requests[0]?.headers['accept']).toContain('text/html');
  });

  it('LiveChart, AniSearch (German synopsis) and SIMKL answer with the real values; a repeat is served from the cache', async () => {
    const [live, search, simkl] = await Promise.all([
      rpc.call(SourceContracts.livechart, { id: '3437', fields: [] }),
      rpc.call(SourceContracts.anisearch, { id: '3633', fields: ['synopses', 'score'] }),
      rpc.call(SourceContracts.simkl, { id: '41586', fields: ['score', 'genres'] }),
    ]);
    expect(live).toMatchObject({ titles: { romaji: 'Death Note' }, episodes: 37, status: 'Finished', studios: ['MADHOUSE'], score: { value: 8.66, scale: 10 }, aired: { season: 'Fall 2006' } });
    expect(search.score).toEqual({ value: 4.5, scale: 5, normalized: 9, votes: 13312 });
    expect(search.synopses?.find((s) => s.language === 'de')?.text).toMatch(/^Light Yagami geht in die Highschool/);
    expect(simkl).toMatchObject({ sourceUrl: 'https://simkl.com/anime/41586/hagane-no-renkinjutsushi', score: { value: 9, scale: 10, votes: 7228 } });
    expect(simkl.genres).toHaveLength(8);
    await rpc.call(SourceContracts.anisearch, { id: '3633', fields: ['synopsis'] });
    expect(servers.anisearch.requests).toHaveLength(1);
  });

  it('ANN: api.xml when it answers; the HTML page when it fails', async () => {
    const api = await rpc.call(SourceContracts.ann, { id: '4658', fields: ['staff', 'characters', 'news', 'themes'] });
    expect(api.staff).toHaveLength(13);
    expect(api.characters).toHaveLength(32);
    expect(api.news).toHaveLength(16);
    expect(api.themes).toHaveLength(2);
    const page = await rpc.call(SourceContracts.ann, { id: '6592', fields: ['synopsis', 'score', 'episodes'] });
    expect(page).toMatchObject({ sourceUrl: 'https://www.animenewsnetwork.com/encyclopedia/anime.php?id=6592', episodes: 37, score: { value: 8.77, scale: 10, votes: 13139 } });
    expect(page.synopsis).toMatch(/^Yagami Light is an ace student/);
    expect(servers.ann.requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/encyclopedia/api.xml', '/encyclopedia/anime.php']));
  }, 20_000);

  it('a page with its JSON-LD removed is UPSTREAM_CHANGED naming what is missing, not an empty answer', async () => {
    const error = await failure(rpc.call(SourceContracts.animeplanet, { id: 'no-json-ld', fields: [] }));
    expect(error.code).toBe('UPSTREAM_CHANGED');
    expect(error.message).toContain('JSON-LD anime block');
    expect(error.details).toMatchObject({ source: 'animeplanet', missing: expect.stringContaining('application/ld+json') });
  });

  it('refuses a redirect to a host that is not a configured site (nothing is fetched there)', async () => {
    const error = await failure(rpc.call(SourceContracts.animeplanet, { id: 'moved', fields: [] }));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.message).toMatch(/not allowed/);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('ids of the wrong shape never reach a URL: NOT_FOUND', async () => {
    const error = await failure(rpc.call(SourceContracts.livechart, { id: '../admin', fields: [] }));
    expect(error.code).toBe('NOT_FOUND');
    expect(servers.livechart.requests.some((r) => r.path.includes('admin'))).toBe(false);
  });

  it("a failing ANN opens ANN's breaker only: LiveChart still answers from upstream", async () => {
    servers.ann.setRoutes([{ path: /.*/, status: 500, body: 'Internal Server Error' }]);
    // api.xml: 3 attempts (retries), then the HTML fallback: the 5th failure in a row opens the breaker.
    const first = await failure(rpc.call(SourceContracts.ann, { id: '1', fields: [] }));
    expect(first.code).toBe('SOURCE_UNAVAILABLE');
    const requestsBefore = servers.ann.requests.length;
    const second = await failure(rpc.call(SourceContracts.ann, { id: '2', fields: [] }));
    expect(second.details).toMatchObject({ reason: 'breaker-open' });
    expect(servers.ann.requests.length).toBe(requestsBefore); // refused without calling ANN
    const liveBefore = servers.livechart.requests.length;
    const live = await rpc.call(SourceContracts.livechart, { id: '1', fields: ['episodes'] });
    expect(live.episodes).toBe(37);
    expect(servers.livechart.requests.length).toBe(liveBefore + 1);
    const health = await rpc.call(HEALTH_CONTRACTS['connector-scrapers'], {});
    const upstream = health.checks.find((c) => c.name === 'upstream');
    expect(upstream).toMatchObject({ status: 'degraded' });
    expect(upstream?.detail).toMatch(/^ann:127\.0\.0\.1:\d+ open/);
  }, 30_000);
});
