import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from './replay-server';
import { sharedFixtures } from './shared-data';

describe('replay server', () => {
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplayServer({
      dir: sharedFixtures('jikan'),
      routes: [
        { path: '/v4/anime/1/full', file: 'anime_1_full.json' },
        { path: /^\/v4\/anime$/, query: { q: 'naruto' }, file: 'getAnimeSearch.json', headers: { 'x-ratelimit-remaining': '2' } },
        { method: 'POST', path: '/graphql', status: 429, body: '{"errors":[{"message":"Too Many Requests."}]}', headers: { 'retry-after': '60' } },
        { path: '/escape', file: '../../data/README.md' },
      ],
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('serves a recorded upstream response with its content type', async () => {
    const res = await fetch(`${server.url}/v4/anime/1/full`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { data: { mal_id: number; title: string } };
    expect(body.data).toMatchObject({ mal_id: 1, title: 'Cowboy Bebop' });
  });

  it('matches query params and returns the recorded headers', async () => {
    const res = await fetch(`${server.url}/v4/anime?q=naruto&page=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(((await res.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  it('replays failures (status, Retry-After) and records what the client sent', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', body: '{"query":"{ Media { id } }"}', headers: { 'user-agent': 'anime-mcp-server/test' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: '/graphql', body: '{"query":"{ Media { id } }"}' });
    expect(server.requests.at(-1)?.headers['user-agent']).toBe('anime-mcp-server/test');
  });

  it('answers unmatched requests with a 404 naming the request, and never serves outside its directory', async () => {
    const missing = await fetch(`${server.url}/v4/anime/2/full`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'no recorded response', path: '/v4/anime/2/full' });
    expect((await fetch(`${server.url}/escape`)).status).toBe(500);
  });
});
