import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogContracts, IngestContracts, type UpdateJob } from '@anime/contracts';
import { NatsTransport, RpcClient } from '@anime/platform-messaging';
import { assertReachable, buildIntoTemp, sharedData, spawnApp, testNatsUrl, uniquePrefix, type SpawnedApp } from '@anime/testing';

// Issue #15 chaos: ingest and vector-search as real processes on NATS sharing DATA_DIR (the
// distributed layout). An update is killed with SIGKILL in every phase — read (download +
// validate), identify, write (build), embed, activate (before the switch) and right after the
// switch — and a damaged release is offered. Each time the last good version keeps serving,
// nothing of the dead job is left behind, and after a restart the job record says what happened.
// The kill lands in a phase deterministically: INGEST_PAUSE_AT_PHASE holds the job as it enters
// that phase (after saving the phase), and the test kills once the saved record shows it there.
const PHASES = ['read', 'identify', 'write', 'embed', 'activate'] as const;

describe('ingest chaos: kill -9 in every update phase, and a damaged release', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-chaos-'));
  const releases = join(dir, 'releases');
  const dataDir = join(dir, 'data');
  const lines = readFileSync(sharedData('anime-mapper-2026.jsonl'), 'utf8').split('\n');
  const meta = JSON.parse(lines[0] as string) as Record<string, unknown>;
  // v1: the first 3,000 real entries; v2: a week later, 60 more.
  const v1File = join(releases, 'v1.jsonl');
  const v2File = join(releases, 'v2.jsonl');
  let distDir: string;
  let env: Record<string, string>;
  let ingest: SpawnedApp;
  let catalog: SpawnedApp;
  let transport: NatsTransport;
  let rpc: RpcClient;
  let v1: string;

  const current = (): string => (JSON.parse(readFileSync(join(dataDir, 'catalog', 'current.json'), 'utf8')) as { version: string }).version;
  const versionsOnDisk = (): string[] => readdirSync(join(dataDir, 'catalog', 'versions')).sort();
  const job = async (id: string): Promise<UpdateJob> => (await rpc.call(IngestContracts.getJob, { id })).job;
  /** The job record as persisted (what survives a kill), read from the job store's file. */
  const persistedPhase = (id: string): string | undefined => {
    try {
      return (JSON.parse(readFileSync(join(dataDir, 'catalog', 'jobs', `${id}.json`), 'utf8')) as UpdateJob).progress.phase;
    } catch {
      return undefined; // not written yet, or being replaced
    }
  };
  const finished = async (id: string): Promise<UpdateJob> => {
    await expect.poll(async () => (await job(id)).state, { timeout: 30_000, interval: 50 }).not.toBe('running');
    return job(id);
  };
  const served = async (): Promise<{ version: string; total: number } | undefined> => {
    const stats = await rpc.call(CatalogContracts.stats, {}).catch(() => undefined);
    return stats ? { version: stats.dataset.version, total: stats.total } : undefined;
  };
  const kill = async (app: SpawnedApp): Promise<void> => {
    app.process.kill('SIGKILL');
    await expect.poll(() => app.process.signalCode).toBe('SIGKILL');
  };

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    mkdirSync(releases);
    writeFileSync(v1File, [JSON.stringify(meta), ...lines.slice(1, 3001)].join('\n') + '\n');
    writeFileSync(v2File, [JSON.stringify({ ...meta, lastUpdate: '2026-07-09' }), ...lines.slice(1, 3061)].join('\n') + '\n');
    distDir = buildIntoTemp();
    const prefix = uniquePrefix('chaos');
    env = {
      TRANSPORT: 'nats',
      NATS_URL: testNatsUrl(),
      SUBJECT_PREFIX: prefix,
      DATA_DIR: dataDir,
      INGEST_ON_START: 'false',
      ANIME_DB_SOURCE: v1File,
      ANIME_DB_SOURCE_ALLOW: releases,
      EMBEDDINGS: 'off',
      CATALOG_RELOAD_POLL_MS: '250',
    };
    transport = await NatsTransport.connect({ url: testNatsUrl(), name: 'chaos-test' });
    rpc = new RpcClient({ transport, caller: 'chaos-test', subjectPrefix: prefix });
    [ingest, catalog] = await Promise.all([spawnApp({ distDir, app: 'ingest', env }), spawnApp({ distDir, app: 'vector-search', env })]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([ingest?.stop(), catalog?.stop()]);
    await transport?.close();
  });

  it('loads v1 (3,000 real entries), served by the catalog process', async () => {
    const { job: started } = await rpc.call(IngestContracts.startUpdate, { kind: 'full' });
    expect(await finished(started.id)).toMatchObject({ state: 'succeeded', outcome: 'activated', counts: { entries: 3000 } });
    v1 = current();
    await expect.poll(served, { timeout: 20_000 }).toEqual({ version: v1, total: 3000 });
  });

  it('refuses a damaged v2 (cut mid-line, garbage appended) and v1 keeps serving', async () => {
    const damaged = join(releases, 'v2-damaged.jsonl');
    const text = readFileSync(v2File, 'utf8');
    writeFileSync(damaged, `${text.slice(0, Math.floor(text.length * 0.95))}\u0000\u0001<garbage>\n`);
    const { job: started } = await rpc.call(IngestContracts.startUpdate, { kind: 'incremental', source: damaged });
    expect(await finished(started.id)).toMatchObject({ state: 'failed', error: { code: 'RELEASE_MALFORMED' } });
    expect(current()).toBe(v1);
    expect(versionsOnDisk()).toEqual([v1]);
    expect(await served()).toEqual({ version: v1, total: 3000 });
  });

  for (const phase of PHASES) {
    it(`kill -9 in the "${phase}" phase: v1 keeps serving, nothing is left over, the job is marked interrupted in "${phase}"`, async () => {
      await ingest.stop();
      ingest = await spawnApp({ distDir, app: 'ingest', env: { ...env, INGEST_PAUSE_AT_PHASE: phase } });
      const { job: started } = await rpc.call(IngestContracts.startUpdate, { kind: 'incremental', source: v2File });
      await expect.poll(() => persistedPhase(started.id), { timeout: 20_000 }).toBe(phase);
      expect((await job(started.id)).state).toBe('running');
      await kill(ingest);

      expect(current()).toBe(v1);
      expect(await served()).toEqual({ version: v1, total: 3000 });

      ingest = await spawnApp({ distDir, app: 'ingest', env });
      const after = await job(started.id);
      expect(after).toMatchObject({ state: 'interrupted', error: { code: 'INTERRUPTED' }, progress: { phase } });
      expect(after.error?.message).toContain(`during the "${phase}" phase of this job; dataset ${v1} kept serving`);
      expect(after.finishedAt).toEqual(expect.any(String));
      // The dead job's temp folder or staged (committed, never switched to) version is gone.
      expect(versionsOnDisk()).toEqual([v1]);
      expect((await rpc.call(IngestContracts.listVersions, {})).versions.map((v) => [v.version, v.current])).toEqual([[v1, true]]);
      expect(await served()).toEqual({ version: v1, total: 3000 });
    }, 60_000);
  }

  it('kill -9 right after the switch: v2 is complete and serving, and the job record says so', async () => {
    await ingest.stop();
    ingest = await spawnApp({ distDir, app: 'ingest', env: { ...env, INGEST_PAUSE_AT_PHASE: 'activated' } });
    const { job: started } = await rpc.call(IngestContracts.startUpdate, { kind: 'incremental', source: v2File });
    await expect.poll(() => persistedPhase(started.id), { timeout: 20_000 }).toBe('activated');
    await kill(ingest);
    const v2 = current();
    expect(v2).toMatch(/^2026-07-09-/);

    ingest = await spawnApp({ distDir, app: 'ingest', env });
    expect(await job(started.id)).toMatchObject({
      state: 'interrupted',
      version: v2,
      counts: { entries: 3060, added: 60, removed: 0 },
      error: { code: 'INTERRUPTED', message: expect.stringContaining(`right after this job switched to dataset ${v2}`) },
    });
    // The announcement died with the process; the catalog finds the switch by polling.
    await expect.poll(served, { timeout: 20_000 }).toEqual({ version: v2, total: 3060 });
    expect(versionsOnDisk()).toEqual([v1, v2].sort());
  });

  it('after all that, an update runs to completion and nothing was lost', async () => {
    const v3File = join(releases, 'v3.jsonl');
    writeFileSync(v3File, [JSON.stringify({ ...meta, lastUpdate: '2026-07-16' }), ...lines.slice(1, 3101)].join('\n') + '\n');
    const { job: started } = await rpc.call(IngestContracts.startUpdate, { kind: 'incremental', source: v3File });
    expect(await finished(started.id)).toMatchObject({ state: 'succeeded', outcome: 'activated', counts: { entries: 3100, added: 40, removed: 0, changed: 0 } });
    await expect.poll(served, { timeout: 20_000 }).toEqual({ version: current(), total: 3100 });
  });
});
