import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  assertReachable,
  buildIntoTemp,
  makePoster,
  startPosterServer,
  sampleEntries,
  sharedData,
  sharedFixtures,
  spawnApp,
  startReplayServer,
  testNatsUrl,
  testRedisUrl,
  uniquePrefix,
  writeRelease,
  writeTinyClip,
  type PosterServer,
  type ReplayServer,
  type SpawnedApp,
} from '@anime/testing';

const KEY = 'e2e-admin-key-0123456789';
const APPS = ['ingest', 'vector-search', 'agent-orchestrator', 'connector-anilist', 'connector-jikan', 'connector-kitsu', 'connector-animeschedule', 'connector-scrapers'];

// The user journeys against the distributed system: every app its own process on NATS + Redis.
describe('distributed user journeys (REST + MCP over HTTP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-'));
  const processes: SpawnedApp[] = [];
  let gateway: SpawnedApp;
  let jikan: ReplayServer;
  let posters: PosterServer;
  let entries: Array<{ title: string }>;
  let env: Record<string, string>;
  let distDir: string;

  const post = async <T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    await assertReachable(testRedisUrl(), 'Redis');
    // Posters: the dataset's CDNs are out of reach, so each entry's picture is a generated PNG from
    // a local image server that ingest may fetch (IMAGE_HOSTS_ALLOW).
    posters = await startPosterServer();
    const withPoster = <T extends object>(e: T, i: number) => ({ ...e, picture: posters.url(i), thumbnail: posters.url(i) });
    // The dataset the system starts with: the real 2025 sample. An admin update later adds Cowboy Bebop.
    const bebop = JSON.parse(readFileSync(sharedData('anime-mapper-2026.jsonl'), 'utf8').slice(0, 20_000).split('\n')[1] as string) as object;
    entries = [...(sampleEntries() as object[]), bebop].map(withPoster) as unknown as Array<{ title: string }>;
    writeRelease(join(dir, 'v1.json'), entries.slice(0, -1), '2025-07-21');
    writeRelease(join(dir, 'v2.json'), entries, '2025-07-28');
    jikan = await startReplayServer({ dir: sharedFixtures('jikan'), routes: [{ path: '/v4/anime/1/full', file: 'anime_1_full.json' }] });
    env = {
      TRANSPORT: 'nats',
      NATS_URL: testNatsUrl(),
      REDIS_URL: testRedisUrl(),
      SUBJECT_PREFIX: uniquePrefix('journeys'),
      DATA_DIR: join(dir, 'data'),
      ANIME_DB_SOURCE: join(dir, 'v1.json'),
      ANIME_DB_SOURCE_ALLOW: dir, // the admin update below names v2.json
      ADMIN_API_KEYS: KEY,
      JIKAN_BASE_URL: `${jikan.url}/v4`,
      ANILIST_BASE_URL: 'http://127.0.0.1:1',
      KITSU_BASE_URL: 'http://127.0.0.1:1',
      // Rate-limit keys are per client in a shared Redis: give this run its own namespace.
      RATE_LIMIT_REDIS_PREFIX: uniquePrefix('journeys-rl'),
      // Vectors: the generated tiny CLIP (real loading path, random weights), files beside each version.
      EMBEDDINGS: 'on',
      CLIP_MODEL: await writeTinyClip(join(dir, 'clip')),
      MODELS_DIR: join(dir, 'models'),
      IMAGE_HOSTS_ALLOW: posters.host,
    };
    distDir = buildIntoTemp();
    gateway = await spawnApp({ distDir, app: 'gateway', env });
    processes.push(...(await Promise.all(APPS.map((app) => spawnApp({ distDir, app, env })))));
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${gateway.url}/health/ready`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`not ready: ${await (await fetch(`${gateway.url}/health/ready`)).text()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([gateway, ...processes].map((p) => p?.stop()));
    await jikan?.close();
    await posters?.close();
  });

  it('title search and id lookup', async () => {
    const search = await post<{ items: Array<{ anime: { id: string } }> }>('/api/tools/search_anime', { text: 'dandadan' });
    expect(search.body.items[0]?.anime.id).toBe('mal:57334');
    const lookup = await post<{ anime: { title: string } }>('/api/tools/get_anime', { ref: 'https://myanimelist.net/anime/57334' });
    expect(lookup.body.anime.title).toBe('Dandadan');
  });

  it('image search: a poster sent to the gateway finds its anime first (vectors embedded by ingest, searched by vector-search)', async () => {
    const target = 5;
    const found = await post<{ items: Array<{ anime: { title: string }; similarity: number }>; lowConfidence: boolean }>('/api/tools/search_anime_by_image', {
      image_base64: Buffer.from(makePoster(target, 160)).toString('base64'),
      limit: 3,
    });
    expect(found.status).toBe(200);
    expect(found.body.items[0]?.anime.title).toBe(entries[target]?.title);
    expect(found.body.items[0]?.similarity).toBeGreaterThan(0.98);
    expect(found.body.lowConfidence).toBe(false);
  });

  it('a question with a follow-up in a session (conversation kept in Redis)', async () => {
    const first = await post<{ items: Array<{ id: string }>; session_id: string }>('/api/query', { query: 'Dandadan' });
    expect(first.body.items[0]?.id).toBe('mal:57334');
    const followUp = await post<{ items: Array<{ id: string }> }>('/api/query', { query: 'tell me more about the first one', session_id: first.body.session_id });
    expect(followUp.body.items[0]?.id).toBe('mal:57334');
    const conversation = (await (await fetch(`${gateway.url}/api/conversation/${first.body.session_id}`)).json()) as { turns: unknown[] };
    expect(conversation.turns).toHaveLength(2);
  });

  it('a batch', async () => {
    const batch = await post<{ results: Array<{ ok: boolean }> }>('/api/batch', { queries: ['Dandadan', 'death note', 'mal:1535', 'top 3 highly rated anime'] });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r) => r.ok)).toEqual([true, true, true, true]);
  });

  it('an admin update from a local file, then the new entry is served and its live details come from the replayed source', async () => {
    const started = await post<{ job: { id: string } }>('/api/admin/update-incremental', { source: join(dir, 'v2.json') }, { 'x-api-key': KEY });
    expect(started.status).toBe(202);
    await expect
      .poll(async () => ((await (await fetch(`${gateway.url}/api/admin/update-status?jobId=${started.body.job.id}`, { headers: { 'x-api-key': KEY } })).json()) as { job: { state: string } }).job.state, { timeout: 20_000 })
      .toBe('succeeded');
    await expect.poll(async () => (await post<{ anime?: { title: string } }>('/api/tools/get_anime', { ref: 'mal:1' })).body.anime?.title, { timeout: 20_000 }).toBe('Cowboy Bebop');
    const details = await post<{ fields: Record<string, Array<{ source: string; value: unknown }>>; sources: Array<{ name: string; status: string }> }>('/api/tools/get_anime_details', { ref: 'mal:1', fields: ['synopsis'] });
    expect(details.body.fields['synopsis']?.[0]?.source).toBe('jikan');
    expect(String(details.body.fields['synopsis']?.[0]?.value)).toContain('Spike Spiegel');
    expect(details.body.sources.find((s) => s.name === 'anilist')?.status).toBe('unavailable');
  });

  it('chaos: a killed connector becomes a named warning (answers keep coming); restarted, the warning stops', async () => {
    const ask = () => post<{ fields: Record<string, unknown[]>; sources: Array<{ name: string; status: string; reason?: string }>; warnings: string[] }>('/api/tools/get_anime_details', { ref: 'mal:1', fields: ['synopsis'] });
    const index = processes.findIndex((p) => p.name === 'connector-jikan');
    const connector = processes[index] as SpawnedApp;
    connector.process.kill('SIGKILL');
    await expect.poll(() => connector.process.signalCode).toBe('SIGKILL');
    const started = Date.now();
    const degraded = await ask();
    expect(Date.now() - started).toBeLessThan(3_000); // no responders → fails fast, no hang
    expect(degraded.status).toBe(200);
    expect(degraded.body.sources.find((s) => s.name === 'jikan')).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('SERVICE_UNAVAILABLE') });
    expect(degraded.body.warnings.join('\n')).toContain('jikan');
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as { down: string[] };
    expect(health.down).toEqual(['connector-jikan']);

    processes[index] = await spawnApp({ distDir, app: 'connector-jikan', env });
    await expect.poll(async () => (await ask()).body.sources.find((s) => s.name === 'jikan')?.status, { timeout: 15_000 }).toBe('ok');
    expect((await ask()).body.warnings.filter((w) => w.startsWith('jikan'))).toEqual([]);
  });

  it('MCP over HTTP: list tools and call search_anime', async () => {
    const client = new Client({ name: 'journeys', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp`)));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('search_anime');
    const result = (await client.callTool({ name: 'search_anime', arguments: { text: 'death note' } })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ items: [{ anime: { title: 'Death Note' } }] });
    await client.close();
  });
});
