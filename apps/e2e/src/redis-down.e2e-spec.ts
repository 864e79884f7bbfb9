import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertReachable,
  buildIntoTemp,
  freePort,
  sharedFixtures,
  spawnApp,
  startReplayServer,
  testNatsUrl,
  uniquePrefix,
  writeSampleRelease,
  type ReplayServer,
  type SpawnedApp,
} from '@anime/testing';

const REDIS_BIN = process.env['REDIS_SERVER_BIN'] ?? ['/usr/bin/redis-server', '/usr/sbin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p)) ?? 'redis-server';

/** A redis-server of this test's own (the shared one is never stopped). */
function startRedis(port: number): ChildProcess {
  const child = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  child.on('error', (error) => {
    throw new Error(`cannot start ${REDIS_BIN} (${error.message}): install the Debian package redis-server or set REDIS_SERVER_BIN`);
  });
  return child;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

// Chaos, bounded and loopback-only: Redis goes away under a connector that uses it for its
// shared limiter and cache. Answers keep coming (memory fallback); readiness says "degraded".
describe('chaos: Redis stops under the running services', () => {
  let redis: ChildProcess;
  let redisPort: number;
  let jikan: ReplayServer;
  let gateway: SpawnedApp;
  const apps: SpawnedApp[] = [];

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    redisPort = await freePort();
    redis = startRedis(redisPort);
    await waitFor(() => portOpen(redisPort), 10_000);
    // Any valid recorded /full body will do: this test is about Redis, not the values.
    jikan = await startReplayServer({ dir: sharedFixtures('jikan'), routes: [{ path: '/v4/anime/57334/full', file: 'anime_1_full.json' }] });
    const dir = mkdtempSync(join(tmpdir(), 'redis-chaos-'));
    const env = {
      TRANSPORT: 'nats',
      NATS_URL: testNatsUrl(),
      SUBJECT_PREFIX: uniquePrefix('redis-chaos'),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DATA_DIR: join(dir, 'data'),
      ANIME_DB_SOURCE: writeSampleRelease(join(dir, 'release.json')),
      JIKAN_BASE_URL: `${jikan.url}/v4`,
      ANILIST_BASE_URL: 'http://127.0.0.1:1',
      KITSU_BASE_URL: 'http://127.0.0.1:1',
      RATE_LIMIT_POINTS: '100000',
    };
    const distDir = buildIntoTemp();
    gateway = await spawnApp({ distDir, app: 'gateway', env });
    for (const app of ['ingest', 'vector-search', 'agent-orchestrator', 'connector-jikan']) apps.push(await spawnApp({ distDir, app, env }));
    await waitFor(async () => (await fetch(`${gateway.url}/health/ready`)).status === 200, 20_000);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([gateway, ...apps].map((a) => a?.stop()));
    redis?.kill('SIGKILL');
    await jikan?.close();
  });

  const details = async () =>
    (await (
      await fetch(`${gateway.url}/api/tools/get_anime_details`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref: 'mal:57334', fields: ['episodes'], sources: ['jikan'] }) })
    ).json()) as { sources: Array<{ name: string; status: string }> };
  const readiness = async () => (await (await fetch(`${gateway.url}/health/ready`)).json()) as { status: string; degraded: string[] };

  it('keeps answering from memory, reports degraded, and recovers when Redis is back', async () => {
    expect((await details()).sources.find((s) => s.name === 'jikan')?.status).toBe('ok');
    expect((await readiness()).degraded).toEqual([]);

    redis.kill('SIGKILL');
    await expect.poll(() => portOpen(redisPort)).toBe(false);
    await expect.poll(async () => (await readiness()).degraded.join('\n'), { timeout: 10_000 }).toMatch(/connector-jikan: redis: Redis \w+: limiter and cache fall back to this process/);
    expect((await readiness()).status).toBe('ready'); // degraded, still serving
    const during = await details();
    expect(during.sources.find((s) => s.name === 'jikan')?.status).toBe('ok');

    redis = startRedis(redisPort);
    await expect.poll(() => portOpen(redisPort)).toBe(true);
    await expect.poll(async () => (await readiness()).degraded, { timeout: 20_000 }).toEqual([]);
  }, 60_000);
});
