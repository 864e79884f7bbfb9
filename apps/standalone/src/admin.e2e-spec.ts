import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, spawnApp, type SpawnedApp, writeSampleRelease } from '@anime/testing';

const KEY = 'test-admin-key-0123456789';

// The dataset admin API of `npm start` (embedded mode) over real HTTP.
describe('admin API (embedded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'admin-'));
  const release = join(dir, 'anime-offline-database-minified.json');
  let app: SpawnedApp;

  beforeAll(async () => {
    writeSampleRelease(release, '2025-07-21');
    app = await spawnApp({
      distDir: buildIntoTemp(),
      app: 'standalone',
      env: { DATA_DIR: join(dir, 'data'), ANIME_DB_SOURCE: release, INGEST_ON_START: 'false', ADMIN_API_KEYS: `other-key-abcdefghijkl,${KEY}`, LOG_LEVEL: 'debug' },
    });
  }, 60_000);
  afterAll(async () => app?.stop());

  const post = (path: string, body: string, headers: Record<string, string> = { 'x-api-key': KEY }) =>
    fetch(`${app.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('is not ready until a dataset is loaded, and says why', async () => {
    const res = await fetch(`${app.url}/health/ready`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { reasons: string[] }).reasons.join(' ')).toContain('no dataset');
  });

  it('answers 401 without a key and 403 with a wrong one, as problem+json', async () => {
    const none = await post('/api/admin/update-full', '{}', {});
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(await none.json()).toMatchObject({ code: 'UNAUTHENTICATED', errorId: expect.any(String) });
    const wrong = await post('/api/admin/update-full', '{}', { authorization: 'Bearer not-the-key-at-all-123' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('rejects malformed and unknown input with 400 and field details', async () => {
    const malformed = await post('/api/admin/update-full', '{"force": tru');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const unknown = await post('/api/admin/update-full', '{"forse": true}');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('forse');
  });

  it('runs an update as a job: 202 + Location, progress to success, then the system is ready', async () => {
    const started = await post('/api/admin/update-full', '{}');
    expect(started.status).toBe(202);
    const { job } = (await started.json()) as { job: { id: string } };
    expect(started.headers.get('location')).toBe(`/api/admin/jobs/${job.id}`);
    await expect
      .poll(async () => ((await (await fetch(`${app.url}/api/admin/update-status?jobId=${job.id}`, { headers: { 'x-api-key': KEY } })).json()) as { job: { state: string } }).job.state, {
        timeout: 20_000,
      })
      .toBe('succeeded');
    await expect.poll(async () => (await fetch(`${app.url}/health/ready`)).status, { timeout: 10_000 }).toBe(200);
    const versions = (await (await fetch(`${app.url}/api/admin/versions`, { headers: { 'x-api-key': KEY } })).json()) as { versions: Array<{ lastUpdate: string; current: boolean; counts: { entries: number } }> };
    expect(versions.versions).toEqual([expect.objectContaining({ lastUpdate: '2025-07-21', current: true, counts: expect.objectContaining({ entries: 10 }) })]);
  });

  it('schedules the weekly update and checks for updates of a local file', async () => {
    const schedule = await post('/api/admin/schedule-weekly-update', '{}');
    expect(await schedule.json()).toMatchObject({ cron: '0 4 * * 1', kind: 'smart', nextRunAt: expect.any(String) });
    const check = await post('/api/admin/check-updates', '{}');
    expect(await check.json()).toMatchObject({ remote: { lastUpdate: '2025-07-21' }, updateAvailable: false });
  });

  it('never writes an API key to its logs (debug level, after right and wrong keys)', async () => {
    await post('/api/admin/update-full', '{}', { 'x-api-key': 'wrong-key-but-secret-999' });
    await post('/api/admin/check-updates', '{}');
    const output = app.output();
    expect(output.length).toBeGreaterThan(0);
    expect(output).not.toContain(KEY);
    expect(output).not.toContain('other-key-abcdefghijkl');
    expect(output).not.toContain('wrong-key-but-secret-999');
  });
});
