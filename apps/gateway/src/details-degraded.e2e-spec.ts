import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertReachable, buildIntoTemp, spawnApp, testNatsUrl, uniquePrefix, type SpawnedApp, writeSampleRelease } from '@anime/testing';

// Distributed mode with every connector stopped: live details degrade to the offline fields,
// each source named as unavailable, within the deadline — never an empty "nothing found".
describe('get_anime_details with every live source down (distributed)', () => {
  const apps: SpawnedApp[] = [];
  let gateway: SpawnedApp;

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    const dir = mkdtempSync(join(tmpdir(), 'degraded-'));
    const release = join(dir, 'release.json');
    writeSampleRelease(release, '2025-07-21');
    const distDir = buildIntoTemp();
    const env = { TRANSPORT: 'nats', NATS_URL: testNatsUrl(), SUBJECT_PREFIX: uniquePrefix('degraded'), DATA_DIR: join(dir, 'data'), ANIME_DB_SOURCE: release };
    gateway = await spawnApp({ distDir, app: 'gateway', env });
    for (const app of ['ingest', 'vector-search', 'agent-orchestrator']) apps.push(await spawnApp({ distDir, app, env, readyPath: '/health/ready' }));
  }, 60_000);
  afterAll(async () => Promise.all([gateway, ...apps].map((a) => a?.stop())));

  it('returns the offline fields and lists every source as unavailable, fast', async () => {
    await expect.poll(async () => (await fetch(`${gateway.url}/health/ready`)).status, { timeout: 20_000 }).toBe(200);
    const started = Date.now();
    const res = await fetch(`${gateway.url}/api/tools/get_anime_details`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref: 'mal:57334', fields: ['synopsis', 'score'] }) });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { offline: { title: string }; fields: Record<string, unknown[]>; sources: Array<{ name: string; status: string; reason?: string }>; warnings: string[] };
    expect(body.offline.title).toBe('Dandadan');
    expect(body.fields).toEqual({ synopsis: [], score: [] });
    expect(body.sources.map((s) => [s.name, s.status])).toEqual([
      ['anilist', 'unavailable'],
      ['jikan', 'unavailable'],
      ['kitsu', 'unavailable'],
      // Scraped sites are on demand only: not asked for synopsis/score.
      ['animeplanet', 'skipped'],
      ['livechart', 'skipped'],
      ['anisearch', 'skipped'],
      ['ann', 'skipped'],
      ['simkl', 'skipped'],
    ]);
    expect(body.sources[0]?.reason).toContain('SERVICE_UNAVAILABLE');
    expect(body.warnings).toHaveLength(3);
  });

  it('answers a question that needs live data with the offline entry and names the failed sources', async () => {
    const res = await fetch(`${gateway.url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'Dandadan synopsis' }) });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { items: Array<{ id: string }>; sources: Array<{ name: string; used: boolean; detail?: string }>; warnings: string[] };
    expect(answer.items[0]?.id).toBe('mal:57334');
    expect(answer.sources).toEqual(
      expect.arrayContaining([
        { name: 'anime-offline-database', used: true, detail: 'offline catalog (manami)' },
        expect.objectContaining({ name: 'jikan', used: false, detail: expect.stringContaining('unavailable') }),
      ]),
    );
    expect(answer.warnings.join('\n')).toMatch(/jikan: SERVICE_UNAVAILABLE/);
  });

  it('streams an enrichment event naming the live sources when a question needs them', async () => {
    const res = await fetch(`${gateway.url}/api/query/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'Dandadan synopsis' }) });
    const text = await res.text();
    expect([...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1])).toEqual(['started', 'plan', 'items', 'enrichment', 'done']);
    expect(text).toMatch(/event: enrichment\ndata: .*"name":"jikan","used":false/);
  });
});
