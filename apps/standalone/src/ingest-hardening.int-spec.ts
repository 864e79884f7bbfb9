import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CatalogContracts, ForbiddenError, IngestContracts, type UpdateJob } from '@anime/contracts';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { VectorSearchEnvSchema, VectorSearchModule } from '@anime/service-vector-search';
import { sharedData } from '@anime/testing';
import { IngestEnvSchema, IngestModule, UpdateJobRunner } from '@anime/service-ingest';

// Issue #15, items 4 and 5, end to end: ingest + catalog in one process (embedded mode), the real
// 27,088-entry release, admin calls as the gateway makes them (ingest.v1.* over the transport).
const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(IngestEnvSchema.shape).extend(VectorSearchEnvSchema.shape);
const MAPPER = sharedData('anime-mapper-2026.jsonl');
const ENTRIES = 27_088;

/** Deterministic "random" bytes (xorshift32). */
function garbage(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('ingest hardening (embedded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-hardening-'));
  const releases = join(dir, 'releases');
  const dataDir = join(dir, 'data');
  let app: RunningApp;
  let rpc: RpcClient;
  let v1: string;

  /** Starts an update over the transport and waits for the runner to settle it (no polling). */
  const runJob = async (input: z.input<(typeof IngestContracts.startUpdate)['request']>): Promise<UpdateJob> => {
    const { job } = await rpc.call(IngestContracts.startUpdate, input);
    await app.app.get(UpdateJobRunner).settled();
    return (await rpc.call(IngestContracts.getJob, { id: job.id })).job;
  };
  const versionsOnDisk = async (): Promise<string[]> => (await readdir(join(dataDir, 'catalog', 'versions'))).sort();

  beforeAll(async () => {
    mkdirSync(releases);
    app = await runApp(
      {
        app: 'ingest-hardening-test',
        envSchema: EnvSchema,
        transport: 'inprocess',
        processHealth: true,
        modules: (env) => [IngestModule.forRoot(env), VectorSearchModule.forRoot(env)],
      },
      // The production safety limits (no SAFETY_* overrides); admin updates may name files in `releases` only.
      { LOG_LEVEL: 'silent', DATA_DIR: dataDir, INGEST_ON_START: 'false', CATALOG_RELOAD_POLL_MS: '0', ANIME_DB_SOURCE: MAPPER, ANIME_DB_SOURCE_ALLOW: releases, EMBEDDINGS: 'off' },
    );
    rpc = app.app.get(RpcClient);
  }, 60_000);
  afterAll(async () => app?.close());

  it('loads the real release in full (the good version the attacks below must leave serving)', async () => {
    const first = await runJob({ kind: 'full' });
    expect(first).toMatchObject({ state: 'succeeded', outcome: 'activated', counts: { entries: ENTRIES, quarantined: 0 } });
    v1 = first.version as string;
    await expect.poll(async () => (await rpc.call(CatalogContracts.stats, {}).catch(() => undefined))?.total, { timeout: 30_000 }).toBe(ENTRIES);
  }, 60_000);

  it('refuses the issue #15 release (95% of the lines, one cut in half, 4 KB of random bytes) and keeps serving all entries', async () => {
    const lines = readFileSync(MAPPER, 'utf8').split('\n');
    const keep = Math.floor(lines.length * 0.95);
    const cut = lines[keep] as string;
    const file = join(releases, 'damaged.jsonl');
    writeFileSync(file, Buffer.concat([Buffer.from(`${lines.slice(0, keep).join('\n')}\n${cut.slice(0, cut.length >> 1)}`), garbage(4096)]));

    const job = await runJob({ kind: 'incremental', source: file });
    expect(job).toMatchObject({ state: 'failed', error: { code: 'RELEASE_MALFORMED', message: expect.stringContaining('refused whole') } });
    expect(job.outcome).toBeUndefined();
    expect((await rpc.call(CatalogContracts.stats, {})).total).toBe(ENTRIES);
    expect((await rpc.call(IngestContracts.listVersions, {})).versions.map((v) => [v.version, v.current])).toEqual([[v1, true]]);
    expect(await versionsOnDisk()).toEqual([v1]);
    // force does not override integrity: a damaged file is not a release.
    expect(await runJob({ kind: 'incremental', source: file, force: true })).toMatchObject({ state: 'failed', error: { code: 'RELEASE_MALFORMED' } });
  });

  it('rejects a release cut cleanly at a line boundary (5% of the entries lost) on its entry count', async () => {
    const lines = readFileSync(MAPPER, 'utf8').split('\n');
    const file = join(releases, 'cut-at-newline.jsonl');
    writeFileSync(file, `${lines.slice(0, Math.floor(lines.length * 0.95)).join('\n')}\n`);
    const job = await runJob({ kind: 'incremental', source: file });
    expect(job).toMatchObject({ state: 'failed', outcome: 'rejected', error: { code: 'SAFETY_CHECK_FAILED' } });
    expect(job.safety?.find((c) => c.name === 'entry-count')).toMatchObject({ ok: false, detail: expect.stringContaining('largest drop allowed 2%') });
    expect((await rpc.call(CatalogContracts.stats, {})).dataset.version).toBe(v1);
  });

  it('refuses an admin source outside the allow-list before any job starts: /etc/passwd, file: URLs, loopback and metadata URLs', async () => {
    const jobsBefore = (await rpc.call(IngestContracts.listJobs, { limit: 50 })).jobs.length;
    for (const source of ['/etc/passwd', 'file:///etc/passwd', `${releases}/../data/catalog/current.json`, 'http://127.0.0.1:6379/', 'http://[::ffff:127.0.0.1]:4222/', 'http://169.254.169.254/latest/meta-data/']) {
      const started = rpc.call(IngestContracts.startUpdate, { kind: 'full', source });
      await expect(started, source).rejects.toBeInstanceOf(ForbiddenError);
      await expect(started, source).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('ANIME_DB_SOURCE_ALLOW') });
      await expect(rpc.call(IngestContracts.checkUpdates, { source }), source).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await rpc.call(IngestContracts.listJobs, { limit: 50 })).jobs.length).toBe(jobsBefore);
  });

  it('never echoes the content of an allowed file that is not a release (job error and check-updates)', async () => {
    const file = join(releases, 'not-a-release');
    writeFileSync(file, 'root:$6$s3cr3t-hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');
    const job = await runJob({ kind: 'full', source: file });
    expect(job).toMatchObject({ state: 'failed', error: { code: 'RELEASE_MALFORMED' } });
    expect(job.error?.message).toContain(file);
    const checked = await rpc.call(IngestContracts.checkUpdates, { source: file }).catch((e: unknown) => e);
    for (const shown of [JSON.stringify(job.error), JSON.stringify(checked), String(checked)]) {
      for (const fragment of ['root', 's3cr3t', 'daemon', '99999']) expect(shown).not.toContain(fragment);
    }
  });
});
