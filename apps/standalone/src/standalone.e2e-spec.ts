import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES } from '@anime/contracts';
import { buildIntoTemp, expectEvery, spawnApp, type SpawnedApp, writeSampleRelease } from '@anime/testing';

// What `npm start` runs: the built standalone app as its own process, no broker involved.
describe('standalone (embedded mode) as a process', () => {
  let app: SpawnedApp;

  beforeAll(async () => {
    // The real 2025 sample as a release file: the system loads it at boot (no network here).
    const dir = mkdtempSync(join(tmpdir(), 'standalone-'));
    const release = join(dir, 'release.json');
    writeSampleRelease(release, '2025-07-21');
    app = await spawnApp({
      distDir: buildIntoTemp(),
      app: 'standalone',
      env: { TRANSPORT: 'inprocess', NATS_URL: 'nats://127.0.0.1:1', DATA_DIR: join(dir, 'data'), ANIME_DB_SOURCE: release },
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('reports every embedded service up on GET /health once the dataset is loaded', async () => {
    await expect.poll(async () => (await fetch(`${app.url}/health/ready`)).status, { timeout: 20_000 }).toBe(200);
    const res = await fetch(`${app.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; mode: string; down: string[]; services: Array<{ name: string; status: string }> };
    expect(body).toMatchObject({ status: 'ok', mode: 'embedded', down: [] });
    expect(body.services.map((s) => s.name).sort()).toEqual([...SERVICE_NAMES].sort());
    expectEvery(body.services, (s) => expect(s.status, s.name).toBe('up'), 'the services');
  });

  it('is ready, exposes Prometheus metrics, and echoes request ids', async () => {
    await expect.poll(async () => (await fetch(`${app.url}/health/ready`)).status, { timeout: 20_000 }).toBe(200);
    const ready = await fetch(`${app.url}/health/ready`, { headers: { 'x-request-id': 'smoke-1' } });
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-request-id')).toBe('smoke-1');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/rpc_server_duration_seconds_count\{[^}]*subject="health\.v1\.vector-search\.get"/);
  });

  it('answers unknown routes with problem+json 404', async () => {
    const res = await fetch(`${app.url}/no/such/route`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND', status: 404, errorId: expect.any(String) });
  });

  it('shuts down cleanly on SIGTERM', async () => {
    expect(await app.stop()).toBe(0);
  });
});
