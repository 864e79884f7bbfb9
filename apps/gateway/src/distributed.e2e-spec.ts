import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, type ServiceName } from '@anime/contracts';
import { assertReachable, buildIntoTemp, spawnApp, testNatsUrl, uniquePrefix, type SpawnedApp, writeSampleRelease } from '@anime/testing';

interface Health {
  status: string;
  mode: string;
  down: ServiceName[];
  services: Array<{ name: ServiceName; status: string; instanceId?: string; error?: { code: string; message: string } }>;
}

// Distributed mode for real: every app is its own OS process on the real NATS server, with a
// subject prefix of its own so parallel runs never see each other.
describe('distributed mode: each app alone on NATS, the gateway sees them all', () => {
  const apps = new Map<string, SpawnedApp>();
  let gateway: SpawnedApp;

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    const distDir = buildIntoTemp();
    // ingest and vector-search share DATA_DIR (a volume in compose/k8s); ingest loads the real sample at boot.
    const dir = mkdtempSync(join(tmpdir(), 'distributed-'));
    const release = join(dir, 'release.json');
    writeSampleRelease(release, '2025-07-21');
    const env = {
      TRANSPORT: 'nats',
      NATS_URL: testNatsUrl(),
      SUBJECT_PREFIX: uniquePrefix('dist'),
      HEALTH_TIMEOUT_MS: '1500',
      DATA_DIR: join(dir, 'data'),
      ANIME_DB_SOURCE: release,
    };
    gateway = await spawnApp({ distDir, app: 'gateway', env });
    const started = await Promise.all(SERVICE_NAMES.map((app) => spawnApp({ distDir, app, env, readyPath: '/health/ready' })));
    for (const app of started) apps.set(app.name, app);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([gateway, ...apps.values()].map((a) => a?.stop()));
  });

  const health = async (): Promise<Health> => (await fetch(`${gateway.url}/health`)).json() as Promise<Health>;
  /** For a failure message: what each service that is not up said, and the end of its process output. */
  const whyNotUp = (body: Health): string =>
    body.services
      .filter((s) => s.status !== 'up')
      .map((s) => `${s.name}: ${JSON.stringify(s.error)}; exit ${apps.get(s.name)?.process.exitCode}; output: ${apps.get(s.name)?.output().slice(-1500)}`)
      .join('\n');

  it('lists every service up, each answered by its own process', async () => {
    const body = await health();
    expect(body, whyNotUp(body)).toMatchObject({ status: 'ok', mode: 'distributed', down: [] });
    expect(body.services.map((s) => s.name).sort()).toEqual([...SERVICE_NAMES].sort());
    // Different processes → different instance ids.
    expect(new Set(body.services.map((s) => s.instanceId)).size).toBe(SERVICE_NAMES.length);
    // Ready once ingest has published the dataset and vector-search has loaded it (over NATS).
    await expect.poll(async () => (await fetch(`${gateway.url}/health/ready`)).status, { timeout: 20_000 }).toBe(200);
  });

  it('names the services whose processes are gone, and fails readiness for a required one', async () => {
    expect(await apps.get('connector-kitsu')!.stop()).toBe(0);
    expect(await apps.get('vector-search')!.stop()).toBe(0);
    const started = Date.now();
    const body = await health();
    expect(Date.now() - started).toBeLessThan(1_500); // no responders → fast, not a timeout
    expect(body.status).toBe('degraded');
    expect(body.down.sort()).toEqual(['connector-kitsu', 'vector-search']);
    expect(body.services.find((s) => s.name === 'connector-kitsu')).toMatchObject({ status: 'down', error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(body.services.filter((s) => s.status === 'up')).toHaveLength(SERVICE_NAMES.length - 2);

    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reasons: string[] }).reasons).toEqual(['required service vector-search is not reachable']);
  });

  it('answers a batch with a typed error per question when no agent runs (never an empty result)', async () => {
    expect(await apps.get('agent-orchestrator')!.stop()).toBe(0);
    const res = await fetch(`${gateway.url}/api/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries: ['Dandadan', 'mal:1535', 'stats'] }) });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Array<{ ok: boolean; error?: { code: string; message: string } }> };
    expect(results).toHaveLength(3);
    for (const r of results) expect(r).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('agent.v1.query.ask-batch') } });
  });
});
