import { createReadStream, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestContracts, type UpdateJob } from '@anime/contracts';
import { NatsTransport, RpcClient } from '@anime/platform-messaging';
import { assertReachable, buildIntoTemp, sharedData, spawnApp, testNatsUrl, uniquePrefix, type SpawnedApp, writeSampleRelease } from '@anime/testing';

// The ingest app as a real process on NATS; the release comes from a local server that can stall
// mid-file, so the process can be SIGKILLed in the middle of an update — deterministically.
describe('a killed update job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-kill-'));
  const dataDir = join(dir, 'data');
  const bigRelease = sharedData('anime-mapper-2026.jsonl');
  let stall = true;
  let bytesSent = 0;
  let server: Server;
  let releaseUrl: string;
  let distDir: string;
  let env: Record<string, string>;
  let app: SpawnedApp;
  let transport: NatsTransport;
  let rpc: RpcClient;

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': String(statSync(bigRelease).size) });
      const stream = createReadStream(bigRelease, { highWaterMark: 64 * 1024 });
      stream.on('data', (chunk) => {
        bytesSent += chunk.length;
        res.write(chunk);
        if (stall && bytesSent > 1_000_000) stream.pause(); // hold the rest back: the job hangs mid-read
      });
      stream.on('end', () => res.end());
      req.on('close', () => stream.destroy());
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    releaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/anime-offline-database.jsonl`;
    distDir = buildIntoTemp();
    const prefix = uniquePrefix('kill');
    env = { TRANSPORT: 'nats', NATS_URL: testNatsUrl(), SUBJECT_PREFIX: prefix, DATA_DIR: dataDir, INGEST_ON_START: 'false', ANIME_DB_SOURCE_ALLOW: `${dir},${releaseUrl}` };
    app = await spawnApp({ distDir, app: 'ingest', env });
    transport = await NatsTransport.connect({ url: testNatsUrl(), name: 'kill-test' });
    rpc = new RpcClient({ transport, caller: 'kill-test', subjectPrefix: prefix });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await transport?.close();
    server?.closeAllConnections();
    server?.close();
  });

  const waitForEnd = async (id: string): Promise<UpdateJob> => {
    let job: UpdateJob | undefined;
    await expect
      .poll(async () => (job = (await rpc.call(IngestContracts.getJob, { id })).job).state, { timeout: 30_000, interval: 50 })
      .not.toBe('running');
    return job as UpdateJob;
  };

  it('leaves the current version serving; after a restart the job is marked interrupted and a re-run completes', async () => {
    // v1: the real 2025 sample.
    const sampleFile = join(dir, 'v1.json');
    writeSampleRelease(sampleFile, '2025-07-21');
    const first = await rpc.call(IngestContracts.startUpdate, { kind: 'full', source: sampleFile });
    expect(await waitForEnd(first.job.id)).toMatchObject({ state: 'succeeded', outcome: 'activated' });
    // The store on disk, read directly: current.json names the served version.
    const current = () => JSON.parse(readFileSync(join(dataDir, 'catalog', 'current.json'), 'utf8')) as { version: string };
    const versions = () => readdirSync(join(dataDir, 'catalog', 'versions')).filter((n) => !n.startsWith('.'));
    const v1 = current().version;
    expect(v1).toMatch(/^2025-07-21-/);

    // v2 starts downloading, stalls mid-file, and the process is killed.
    const second = await rpc.call(IngestContracts.startUpdate, { kind: 'incremental', source: releaseUrl, force: true });
    await expect.poll(async () => (await rpc.call(IngestContracts.getJob, { id: second.job.id })).job.progress.processed, { timeout: 15_000 }).toBeGreaterThan(0);
    app.process.kill('SIGKILL');
    await expect.poll(() => app.process.exitCode !== null || app.process.signalCode !== null).toBe(true);
    expect(current().version).toBe(v1);
    expect(versions()).toEqual([v1]);

    // Restart: the dead job is recorded as interrupted; the update runs to completion.
    stall = false;
    app = await spawnApp({ distDir, app: 'ingest', env });
    expect((await rpc.call(IngestContracts.getJob, { id: second.job.id })).job).toMatchObject({ state: 'interrupted', error: { code: 'INTERRUPTED' } });
    const third = await rpc.call(IngestContracts.startUpdate, { kind: 'incremental', source: releaseUrl, force: true });
    expect(await waitForEnd(third.job.id)).toMatchObject({ state: 'succeeded', outcome: 'activated', counts: { entries: 27088 } });
    expect(current().version).toMatch(/^2026-07-02-/);
  });
});
