import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertReachable, buildIntoTemp, sharedData, sharedFixtures, spawnApp, startReplayServer, testNatsUrl, uniquePrefix, type ReplayServer, type SpawnedApp } from '@anime/testing';

/** Real 2026 dataset entries: the metadata line plus Death Note. */
function writeScraperRelease(file: string): string {
  const [meta, ...lines] = readFileSync(sharedData('anime-mapper-2026.jsonl'), 'utf8').split('\n');
  writeFileSync(file, `${[meta, ...lines.filter((l) => l.includes('"https://anisearch.com/anime/3633"'))].join('\n')}\n`);
  return file;
}

interface Details {
  offline: { title: string };
  fields: Record<string, Array<{ value: unknown; source: string }>>;
  sources: Array<{ name: string; status: string; reason?: string }>;
  warnings: string[];
}

// Distributed mode on real NATS: the scrapers run as their own app; once it is stopped, the
// answer still comes with the offline fields, AniSearch listed as unavailable with the reason.
describe('scraped sources with connector-scrapers stopped (distributed)', () => {
  const apps: SpawnedApp[] = [];
  let gateway: SpawnedApp;
  let scrapers: SpawnedApp;
  let anisearch: ReplayServer;

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    const dir = mkdtempSync(join(tmpdir(), 'scrapers-down-'));
    const release = writeScraperRelease(join(dir, 'release.jsonl'));
    anisearch = await startReplayServer({ dir: sharedFixtures('anisearch'), routes: [{ path: '/anime/3633', file: '3633.html' }] });
    const distDir = buildIntoTemp();
    const env = { TRANSPORT: 'nats', NATS_URL: testNatsUrl(), SUBJECT_PREFIX: uniquePrefix('scrapers-down'), DATA_DIR: join(dir, 'data'), ANIME_DB_SOURCE: release, ANISEARCH_BASE_URL: anisearch.url };
    gateway = await spawnApp({ distDir, app: 'gateway', env });
    for (const app of ['ingest', 'vector-search', 'agent-orchestrator']) apps.push(await spawnApp({ distDir, app, env, readyPath: '/health/ready' }));
    scrapers = await spawnApp({ distDir, app: 'connector-scrapers', env, readyPath: '/health/ready' });
  }, 90_000);
  afterAll(async () => {
    await Promise.all([gateway, scrapers, ...apps].map((a) => a?.stop()));
    await anisearch?.close();
  });

  const germanSynopsis = async (): Promise<Details> => {
    const res = await fetch(`${gateway.url}/api/tools/get_anime_details`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'mal:1535', sources: ['anisearch'], fields: ['synopses'], language: 'de' }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Details;
  };

  it('answers from the scrapers app over NATS, then without it: offline fields, AniSearch unavailable with the reason', async () => {
    await expect.poll(async () => (await fetch(`${gateway.url}/health/ready`)).status, { timeout: 20_000 }).toBe(200);
    const live = await germanSynopsis();
    expect(live.fields['synopses']?.[0]).toMatchObject({ source: 'anisearch', value: [{ language: 'de', text: expect.stringContaining('Light Yagami geht') }] });

    await scrapers.stop();
    const degraded = await germanSynopsis();
    expect(degraded.offline.title).toBe('DEATH NOTE'); // the dataset's own spelling
    expect(degraded.fields['synopses']).toEqual([]);
    expect(degraded.sources.find((s) => s.name === 'anisearch')).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('SERVICE_UNAVAILABLE') });
    expect(degraded.warnings.join('\n')).toMatch(/^anisearch: SERVICE_UNAVAILABLE/m);
  }, 30_000);
});
