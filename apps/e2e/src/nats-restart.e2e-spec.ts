import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, freePort, spawnApp, writeSampleRelease, type SpawnedApp } from '@anime/testing';

/** The Debian package's binary (it runs the shared broker on every machine of this project). */
const NATS_BIN = process.env['NATS_SERVER_BIN'] ?? ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p)) ?? 'nats-server';

/** A nats-server of this test's own (the shared one is never stopped). */
function startNats(port: number): ChildProcess {
  const child = spawn(NATS_BIN, ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  child.on('error', (error) => {
    throw new Error(`cannot start ${NATS_BIN} (${error.message}): install the Debian package nats-server or set NATS_SERVER_BIN`);
  });
  return child;
}

async function waitForPort(url: string, up: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const { hostname, port } = new URL(url);
      const socket = createConnection({ host: hostname, port: Number(port) });
      socket.once('connect', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open === up) return;
    if (Date.now() > deadline) throw new Error(`nats at ${url} did not ${up ? 'start' : 'stop'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Chaos, bounded and loopback-only: the broker restarts under running services.
describe('chaos: NATS restarts under the running services', () => {
  let nats: ChildProcess;
  let natsUrl: string;
  let port: number;
  const apps: SpawnedApp[] = [];
  let gateway: SpawnedApp;

  beforeAll(async () => {
    port = await freePort();
    natsUrl = `nats://127.0.0.1:${port}`;
    nats = startNats(port);
    await waitForPort(natsUrl, true);
    const dir = mkdtempSync(join(tmpdir(), 'nats-chaos-'));
    writeSampleRelease(join(dir, 'release.json'));
    const env = { TRANSPORT: 'nats', NATS_URL: natsUrl, DATA_DIR: join(dir, 'data'), ANIME_DB_SOURCE: join(dir, 'release.json') };
    const distDir = buildIntoTemp();
    gateway = await spawnApp({ distDir, app: 'gateway', env });
    for (const app of ['ingest', 'vector-search', 'agent-orchestrator']) apps.push(await spawnApp({ distDir, app, env }));
    const deadline = Date.now() + 20_000;
    while ((await fetch(`${gateway.url}/health/ready`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('not ready');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([gateway, ...apps].map((a) => a?.stop()));
    nats?.kill('SIGKILL');
  });

  const search = () =>
    fetch(`${gateway.url}/api/tools/search_anime`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'dandadan' }) });

  it('fails fast with a clear error while NATS is down, and every service reconnects when it is back', async () => {
    expect((await search()).status).toBe(200);

    nats.kill('SIGTERM');
    await waitForPort(natsUrl, false);
    // Requests in the gap: a clear 503 at once, no hang until a timeout.
    await expect.poll(async () => (await search()).status, { timeout: 5_000 }).toBe(503);
    const started = Date.now();
    const res = await search();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string; message: string }).message).toMatch(/NATS/);
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(503);

    nats = startNats(port);
    await waitForPort(natsUrl, true);
    await expect.poll(async () => (await search()).status, { timeout: 20_000 }).toBe(200);
    await expect
      .poll(async () => ((await (await fetch(`${gateway.url}/health`)).json()) as { down: string[] }).down.filter((s) => ['ingest', 'vector-search', 'agent-orchestrator'].includes(s)), { timeout: 20_000 })
      .toEqual([]);
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
  }, 60_000);
});
